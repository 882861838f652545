-- Last: PUBLIC may execute nothing in schema riot; the grants above say who may.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA riot FROM PUBLIC;
