// A ProcessUtility hook that moves the workers out of the way of DROP DATABASE.
#pragma once

namespace riot {

// Install the hook; call from _PG_init.
void InstallUtilityHook();

}  // namespace riot
