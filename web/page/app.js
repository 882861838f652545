// riot-web's page: start a sync, follow its progress, then show the player's analysis.
// Every piece of data goes into the page through textContent or SVG attributes, never
// innerHTML: player names and reasons come from other people.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MATCH_PAGE = 20;
const TOKEN_KEY = 'riot-web-token';
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const POSITIONS = { TOP: 'Top', JUNGLE: 'Jungle', MIDDLE: 'Mid', BOTTOM: 'Bot', UTILITY: 'Support' };
const VERDICTS = {
  insufficient_data: 'Not enough data',
  not_smurf: 'Not a smurf',
  smurf_low: 'Possibly a smurf (low confidence)',
  smurf_medium: 'Likely a smurf (medium confidence)',
  smurf_high: 'Likely a smurf (high confidence)',
};
// Upper bounds in minutes; the last bucket is open.
const SESSION_BUCKETS = [
  { max: 30, label: '< ½ h', words: 'under 30 minutes' },
  { max: 60, label: '½–1 h', words: '30 to 60 minutes' },
  { max: 120, label: '1–2 h', words: '1 to 2 hours' },
  { max: 180, label: '2–3 h', words: '2 to 3 hours' },
  { max: 240, label: '3–4 h', words: '3 to 4 hours' },
  { max: Infinity, label: '4 h +', words: '4 hours or more' },
];

const $ = (id) => document.getElementById(id);

// What the page shows now; the charts are redrawn from it when the width changes.
const state = {
  player: null,       // {platform, game_name, tag_line} of the analysis on screen or loading
  data: null,         // the last /api/players answer
  matchesLoaded: 0,   // rows in the matches table, the next page's offset
  watch: null,        // {source, timer, player} of the sync being followed
};

// ---------- small helpers ----------

class ApiError extends Error {
  constructor(status, message, hint) {
    super(message);
    this.status = status;
    this.hint = hint || null;
  }
}

// Fetch JSON; turn every failure into an ApiError carrying the server's error and hint.
async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, 'Could not reach the server.', 'Check that riot-web is running.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // A proxy's HTML error page, or an empty body: fall through to the status.
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : `The server answered ${response.status}.`;
    throw new ApiError(response.status, message, body && body.hint);
  }
  return body;
}

function showError(message, hint) {
  const box = $('error');
  box.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = message;
  box.append(strong);
  if (hint) {
    const p = document.createElement('span');
    p.className = 'hint';
    p.textContent = hint;
    box.append(p);
  }
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

const fmtInt = (n) => Number(n || 0).toLocaleString();
const fmtHours = (seconds) =>
  (seconds / 3600).toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fmtDate = (iso) => (iso ? new Date(iso).toLocaleDateString() : '—');
const fmtPercent = (x) => `${Math.round(x * 100)} %`;

// "45 min" or "2 h 05 min": session and game lengths.
function fmtDuration(seconds) {
  if (seconds == null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

// "mm:ss" for a single game, minutes not wrapped into hours.
function fmtClock(seconds) {
  const s = Math.round(seconds || 0);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function humanize(name) {
  if (name === 'kda') return 'KDA';
  const words = String(name).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const riotId = (p) => `${p.game_name}#${p.tag_line}`;

function playerPath(p) {
  return [p.platform, p.game_name, p.tag_line].map(encodeURIComponent).join('/');
}

function samePlayer(a, b) {
  return !!a && !!b && a.platform === b.platform && a.game_name === b.game_name && a.tag_line === b.tag_line;
}

// "#kr/Hide%20on%20bush/KR1" -> player, or null when the hash is not one.
function playerFromHash() {
  const parts = location.hash.replace(/^#/, '').split('/');
  if (parts.length !== 3) return null;
  try {
    const [platform, game_name, tag_line] = parts.map(decodeURIComponent);
    if (!platform || !game_name.trim() || !tag_line.trim()) return null;
    return { platform: platform.toLowerCase(), game_name, tag_line };
  } catch (e) {
    return null; // a malformed %-escape
  }
}

function svg(name, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text != null) el.textContent = text;
  return el;
}

function newSvg(figure, width, height, label) {
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label,
  });
  figure.querySelector('svg')?.remove();
  figure.insertBefore(root, figure.querySelector('figcaption'));
  return root;
}

// Round axis ticks from 0 to at least max, about `count` of them.
function niceTicks(max, count, integer) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  if (integer) step = Math.max(1, Math.round(step));
  const ticks = [];
  for (let t = 0; t < max + step; t += step) ticks.push(+t.toFixed(6));
  return ticks;
}

// The width a chart is drawn at: the figure's own, so that text keeps its real size on phones.
function chartWidth(figure) {
  const style = getComputedStyle(figure);
  const inner = figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Math.max(260, Math.round(inner || 600));
}

// ---------- charts ----------

// A vertical bar chart with a y axis in `unit`. Labels are thinned out so they never overlap:
// every n-th bar, n taken from `labelSteps` (e.g. 3, 6, 12 months) and counted from `labelOffset`.
function barChart(figure, opts) {
  const { labels, values, titles, unit, integer, showValues, ariaLabel, labelWidth } = opts;
  const width = chartWidth(figure);
  const height = 220;
  const m = { left: 40, right: 8, top: 24, bottom: 26 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const root = newSvg(figure, width, height, ariaLabel);

  const ticks = niceTicks(Math.max(0, ...values), 4, integer);
  const top = ticks[ticks.length - 1];
  const y = (v) => m.top + plotH - (v / top) * plotH;

  root.append(svg('text', { x: 4, y: 12, class: 'axis-title' }, unit));
  for (const t of ticks) {
    root.append(svg('line', { x1: m.left, x2: width - m.right, y1: y(t), y2: y(t), class: 'gridline' }));
    root.append(svg('text', { x: m.left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' },
      t.toLocaleString()));
  }

  const band = plotW / Math.max(1, values.length);
  const steps = opts.labelSteps || [Math.ceil(labelWidth / band)];
  const every = steps.find((s) => s * band >= labelWidth) || steps[steps.length - 1];
  const half = labelWidth / 2; // keeps edge labels inside the picture
  values.forEach((v, i) => {
    const x = m.left + i * band;
    const barW = Math.max(1, band * 0.72);
    if (v > 0) {
      const bar = svg('rect', {
        x: x + (band - barW) / 2, y: y(v), width: barW, height: Math.max(0.5, y(0) - y(v)), class: 'bar',
      });
      bar.append(svg('title', {}, titles[i]));
      root.append(bar);
    }
    if (showValues) {
      root.append(svg('text', { x: x + band / 2, y: y(v) - 4, 'text-anchor': 'middle', class: 'tick' },
        v.toLocaleString()));
    }
    if ((i + (opts.labelOffset || 0)) % every === 0) {
      const lx = Math.min(Math.max(x + band / 2, m.left + half), width - half);
      root.append(svg('text', { x: lx, y: height - 8, 'text-anchor': 'middle', class: 'tick' }, labels[i]));
    }
  });
  root.append(svg('line', { x1: m.left, x2: width - m.right, y1: y(0), y2: y(0), class: 'axis' }));
}

// Months from first to last, the ones without games filled in as zero so time stays linear.
function monthSeries(months) {
  if (!months.length) return [];
  const byKey = new Map(months.map((m) => [m.month, m]));
  const [y0, m0] = months[0].month.split('-').map(Number);
  const [y1, m1] = months[months.length - 1].month.split('-').map(Number);
  const out = [];
  for (let y = y0, mo = m0; y < y1 || (y === y1 && mo <= m1); mo === 12 ? (y++, mo = 1) : mo++) {
    const key = `${y}-${String(mo).padStart(2, '0')}`;
    const label = new Date(Date.UTC(y, mo - 1, 1))
      .toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    out.push({ label, ...(byKey.get(key) || { month: key, games: 0, seconds: 0, wins: 0 }) });
  }
  return out;
}

function drawMonthChart(months) {
  const series = monthSeries(months);
  const hours = series.map((s) => s.seconds / 3600);
  const peak = series[hours.indexOf(Math.max(...hours))];
  barChart($('month-chart'), {
    labels: series.map((s) => s.label),
    values: hours,
    titles: series.map((s) => `${s.label}: ${fmtHours(s.seconds)} hours, ${fmtInt(s.games)} games, ${fmtInt(s.wins)} wins`),
    unit: 'hours',
    labelWidth: 76, // "Jan 2024" at 11 px, with a gap
    labelSteps: [1, 2, 3, 6, 12, 24, 60],
    labelOffset: series.length ? Number(series[0].month.slice(5)) - 1 : 0, // count from January
    ariaLabel: series.length
      ? `Hours played per month from ${series[0].label} to ${series[series.length - 1].label}; ` +
        `most in ${peak.label} with ${fmtHours(peak.seconds)} hours`
      : 'Hours played per month: no games',
  });
}

function drawSessionChart(sessions) {
  const counts = SESSION_BUCKETS.map(() => 0);
  for (const s of sessions) counts[SESSION_BUCKETS.findIndex((b) => s.seconds / 60 < b.max)]++;
  barChart($('session-chart'), {
    labels: SESSION_BUCKETS.map((b) => b.label),
    values: counts,
    titles: SESSION_BUCKETS.map((b, i) => `${counts[i]} sessions of ${b.words}`),
    unit: 'sessions',
    integer: true,
    showValues: true,
    labelWidth: 30,
    ariaLabel: 'Session lengths: ' + SESSION_BUCKETS.map((b, i) => `${counts[i]} of ${b.words}`).join(', '),
  });
  $('session-chart').querySelector('figcaption').textContent =
    `Session lengths, last ${fmtInt(sessions.length)} sessions`;
}

// A 7 × 24 heat map; darker cells mean more games started in that hour.
function drawGridChart(grid, timeZone) {
  const figure = $('grid-chart');
  const width = chartWidth(figure);
  const m = { left: 36, right: 2, top: 2, bottom: 20 };
  const cellW = (width - m.left - m.right) / 24;
  const cellH = Math.min(30, Math.max(16, cellW));
  const height = m.top + 7 * cellH + m.bottom;
  const max = Math.max(1, ...grid.map((c) => c.games));
  const busiest = grid.reduce((a, c) => (c.games > a.games ? c : a), grid[0] || { games: 0 });
  const root = newSvg(figure, width, height,
    `Games by weekday and hour in ${timeZone}` +
    (busiest.games ? `; busiest: ${WEEKDAYS[busiest.weekday - 1]} ${busiest.hour}:00 with ${busiest.games} games` : '; no games'));

  WEEKDAYS.forEach((d, i) => root.append(
    svg('text', { x: m.left - 6, y: m.top + i * cellH + cellH / 2 + 4, 'text-anchor': 'end', class: 'tick' }, d)));
  const every = cellW < 16 ? 6 : cellW < 28 ? 3 : 2;
  for (let h = 0; h < 24; h += every) {
    root.append(svg('text', { x: m.left + h * cellW + cellW / 2, y: height - 6, 'text-anchor': 'middle', class: 'tick' },
      String(h)));
  }
  for (const c of grid) {
    const cell = svg('rect', {
      x: m.left + c.hour * cellW + 1, y: m.top + (c.weekday - 1) * cellH + 1,
      width: Math.max(1, cellW - 2), height: cellH - 2, rx: 2,
      class: c.games ? 'heat' : 'heat-empty',
    });
    if (c.games) cell.setAttribute('fill-opacity', (0.15 + 0.85 * c.games / max).toFixed(3));
    cell.append(svg('title', {},
      `${WEEKDAYS[c.weekday - 1]} ${c.hour}:00–${c.hour + 1}:00: ${fmtInt(c.games)} games, ${fmtHours(c.seconds)} hours`));
    root.append(cell);
  }
  figure.querySelector('figcaption').textContent =
    `Games by weekday and starting hour, in ${timeZone} time. Darker means more games; the darkest has ${fmtInt(max)}.`;
}

function drawCharts() {
  const d = state.data;
  if (!d || !d.totals.games || $('analysis').hidden) return;
  drawMonthChart(d.months);
  drawGridChart(d.grid, d.time_zone);
  drawSessionChart(d.sessions);
}

// ---------- analysis ----------

function renderTotals(t) {
  const rows = [
    ['Games', fmtInt(t.games)],
    ['Hours played', fmtHours(t.seconds)],
    ['Sessions', fmtInt(t.sessions)],
    ['Games per session', Number(t.games_per_session || 0).toFixed(1)],
    ['Average session', fmtDuration(t.average_session_seconds)],
    ['Longest session', fmtDuration(t.longest_session_seconds)],
    ['Average game', fmtDuration(t.average_game_seconds)],
    ['First game', fmtDate(t.first_game)],
    ['Last game', fmtDate(t.last_game)],
  ];
  const dl = $('totals');
  dl.replaceChildren();
  for (const [label, value] of rows) {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.textContent = value;
    div.append(dt, dd);
    dl.append(div);
  }
}

function renderVerdict(a) {
  const box = $('verdict');
  box.hidden = !a;
  if (!a) return;
  $('verdict-text').textContent = VERDICTS[a.verdict] || a.verdict;
  box.dataset.verdict = a.verdict;
  $('verdict-meta').textContent =
    `Smurf score ${fmtPercent(a.total)} from ${fmtInt(a.matches_used)} matches, analysed ${fmtDate(a.analyzed_at)}.`;
  const list = $('scores');
  list.replaceChildren();
  for (const s of a.scores || []) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'score-name';
    name.textContent = humanize(s.name);
    const value = document.createElement('span');
    value.className = 'score-value';
    value.textContent = `${fmtPercent(s.value)} · weight ${fmtPercent(s.weight)}`;
    const track = document.createElement('span');
    track.className = 'score-bar';
    const fill = document.createElement('span');
    fill.style.width = `${Math.max(0, Math.min(1, s.value)) * 100}%`;
    track.append(fill);
    const reason = document.createElement('span');
    reason.className = 'score-reason';
    reason.textContent = s.reason || '';
    li.append(name, value, track, reason);
    list.append(li);
  }
}

function matchRow(mt) {
  const tr = document.createElement('tr');
  const cells = [
    [new Date(mt.game_start).toLocaleDateString(), ''],
    [mt.champion_name || '—', ''],
    [POSITIONS[mt.team_position] || mt.team_position || '—', ''],
    [`${mt.kills}/${mt.deaths}/${mt.assists}`, ''],
    [mt.kda == null ? '—' : Number(mt.kda).toFixed(2), 'num'],
    [fmtInt(mt.cs), 'num'],
    [fmtClock(mt.duration_seconds), 'num'],
    [mt.win ? 'Win' : 'Loss', mt.win ? 'win' : 'loss'],
  ];
  for (const [text, cls] of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.append(td);
  }
  return tr;
}

async function loadMatches(player, reset) {
  if (reset) {
    state.matchesLoaded = 0;
    $('matches').tBodies[0].replaceChildren();
  }
  const button = $('more-matches');
  button.disabled = true;
  try {
    const page = await api(`/api/players/${playerPath(player)}/matches?limit=${MATCH_PAGE}&offset=${state.matchesLoaded}`);
    if (!samePlayer(player, state.player)) return; // the user moved on meanwhile
    const body = $('matches').tBodies[0];
    for (const mt of page.matches) body.append(matchRow(mt));
    state.matchesLoaded += page.matches.length;
    $('matches-count').textContent = `${fmtInt(state.matchesLoaded)} of ${fmtInt(page.total)} matches shown.`;
    button.hidden = state.matchesLoaded >= page.total || page.matches.length === 0;
  } catch (e) {
    showError(`Could not load the matches: ${e.message}`, e.hint);
  } finally {
    button.disabled = false;
  }
}

// Show the stored analysis of `player`, without syncing.
async function loadPlayer(player) {
  state.player = player;
  state.data = null;
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const report = (zone) => api(`/api/players/${playerPath(player)}?tz=${encodeURIComponent(zone)}`);
  let data;
  try {
    try {
      data = await report(tz);
    } catch (e) {
      // A browser time zone the server does not know: show the grid in UTC rather than nothing.
      if (e.status !== 400 || tz === 'UTC') throw e;
      data = await report('UTC');
    }
  } catch (e) {
    if (!samePlayer(player, state.player)) return;
    $('analysis').hidden = true;
    if (e.status === 404) showError(`No player ${riotId(player)} has been synced yet.`, e.hint || 'Sync it with the form above.');
    else showError(e.message, e.hint);
    return;
  }
  if (!samePlayer(player, state.player)) return;
  state.data = data;
  const p = data.player;
  $('player-name').textContent = riotId(p);
  const server = [...$('platform').options].find((o) => o.value === p.platform);
  const meta = [server ? server.text : p.platform.toUpperCase()];
  if (p.summoner_level != null) meta.push(`level ${p.summoner_level}`);
  meta.push(p.synced_at ? `synced ${new Date(p.synced_at).toLocaleString()}` : 'not synced yet');
  $('player-meta').textContent = meta.join(' · ');

  renderVerdict(data.analysis);
  const empty = !data.totals.games;
  $('empty').hidden = !empty;
  $('stats').hidden = empty;
  $('analysis').hidden = false;
  if (!empty) {
    renderTotals(data.totals);
    drawCharts();
    loadMatches(player, true);
  }
}

// ---------- sync and progress ----------

function stopWatching() {
  if (!state.watch) return;
  state.watch.source?.close();
  clearTimeout(state.watch.timer);
  state.watch = null;
}

function showProgress(job) {
  const bar = $('progress');
  const text = $('progress-text');
  if (job.state === 'succeeded') {
    bar.value = 100;
    text.textContent = 'Done';
    return;
  }
  bar.value = Math.max(0, Math.min(100, job.progress || 0));
  if (job.state === 'queued') {
    text.textContent = 'Queued…';
  } else if (job.state === 'running') {
    const step = humanize(job.step || 'working');
    text.textContent = job.total != null
      ? `${step}: ${fmtInt(job.processed)} of ${fmtInt(job.total)} (${Math.floor(job.progress || 0)} %)`
      : `${step}: ${fmtInt(job.processed)} done`;
  } else {
    text.textContent = job.state === 'cancelled' ? 'Cancelled' : 'Failed';
  }
}

function finishJob(job, player) {
  stopWatching();
  showProgress(job);
  if (job.state === 'succeeded') {
    openPlayer(player);
  } else {
    showError(`The sync failed: ${job.error || job.state}`);
  }
}

const isFinal = (s) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

// Follow a job through its event stream; if the stream breaks, poll the job every second.
function watchJob(links, player) {
  stopWatching();
  const watch = { source: new EventSource(links.events), timer: 0, player };
  state.watch = watch;
  const onJob = (ev) => {
    const job = JSON.parse(ev.data);
    if (ev.type === 'end' || isFinal(job.state)) finishJob(job, player);
    else showProgress(job);
  };
  watch.source.addEventListener('progress', onJob);
  watch.source.addEventListener('end', onJob);
  watch.source.onerror = () => {
    if (state.watch !== watch) return;
    watch.source.close();
    watch.source = null;
    poll(links.job, player, watch);
  };
}

async function poll(url, player, watch) {
  if (state.watch !== watch) return;
  try {
    const job = await api(url);
    if (state.watch !== watch) return;
    if (isFinal(job.state)) return finishJob(job, player);
    showProgress(job);
  } catch (e) {
    if (state.watch !== watch) return;
    if (e.status !== 0) { // the job is gone or the server refused: stop; a network blip: retry
      stopWatching();
      showError(e.message, e.hint);
      return;
    }
  }
  watch.timer = setTimeout(() => poll(url, player, watch), 1000);
}

// Split "name#tag" on the last '#'; null when either side is empty.
function parseRiotId(text) {
  const at = text.lastIndexOf('#');
  if (at < 0) return null;
  const game_name = text.slice(0, at).trim();
  const tag_line = text.slice(at + 1).trim();
  return game_name && tag_line ? { game_name, tag_line } : null;
}

async function submitSync(event) {
  event.preventDefault();
  clearError();
  const id = parseRiotId($('riot-id').value);
  if (!id) {
    showError('Enter a Riot ID as name#tag, for example Hide on bush#KR1.',
      'Both the name and the tag after the last # must be filled in.');
    $('riot-id').focus();
    return;
  }
  const player = { ...id, platform: $('platform').value };
  const token = $('token').value.trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;

  const button = $('sync-button');
  button.disabled = true;
  try {
    const answer = await api('/api/sync', {
      method: 'POST', headers, body: JSON.stringify({ ...player, force: $('force').checked }),
    });
    if (answer.ready) {
      stopWatching();
      $('progress-section').hidden = true;
      openPlayer(answer.player || player);
      return;
    }
    $('progress-title').textContent = `Syncing ${riotId(answer.player || player)}`;
    $('progress-section').hidden = false;
    showProgress(answer.job || answer); // riot-web nests the full job JSON under "job"
    watchJob({
      events: answer.links?.events || `/api/jobs/${answer.job_id}/events`,
      job: answer.links?.job || `/api/jobs/${answer.job_id}`,
    }, answer.player || player);
  } catch (e) {
    if (e.status === 401) {
      $('token-row').hidden = false;
      sessionStorage.removeItem(TOKEN_KEY);
      $('token').focus();
      showError(token ? 'The access token was not accepted.' : 'This server needs an access token to start syncs.',
        e.hint || 'Enter the token and press Sync again.');
    } else {
      showError(e.message, e.hint);
    }
  } finally {
    button.disabled = false;
  }
}

// Put the player in the URL (one history entry per player) and show it.
function openPlayer(player) {
  const hash = `#${playerPath(player)}`;
  if (location.hash !== hash) history.pushState(null, '', hash);
  loadPlayer(player);
}

// Back/forward and typed hashes: show that player, or nothing.
function followHash() {
  const player = playerFromHash();
  if (samePlayer(player, state.player)) return; // already shown or loading (popstate and hashchange both fire)
  clearError();
  if (!samePlayer(player, state.watch?.player)) {
    stopWatching();
    $('progress-section').hidden = true;
  }
  if (!player) {
    state.player = null;
    state.data = null;
    $('analysis').hidden = true;
    return;
  }
  $('riot-id').value = riotId(player);
  if ([...$('platform').options].some((o) => o.value === player.platform)) $('platform').value = player.platform;
  loadPlayer(player);
}

// ---------- queue indicator ----------

async function refreshQueue() {
  try {
    const q = await api('/api/queue');
    $('queue').textContent = `Queue: ${fmtInt(q.queued)} waiting, ${fmtInt(q.running)} running`;
  } catch (e) {
    $('queue').textContent = ''; // the indicator is a nicety; errors show elsewhere
  }
  setTimeout(refreshQueue, 5000);
}

// ---------- start ----------

function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    $('token').value = token;
    $('token-row').hidden = false;
  }
  $('sync-form').addEventListener('submit', submitSync);
  $('more-matches').addEventListener('click', () => state.player && loadMatches(state.player, false));
  window.addEventListener('popstate', followHash);
  window.addEventListener('hashchange', followHash);

  let lastWidth = window.innerWidth;
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (window.innerWidth !== lastWidth) {
        lastWidth = window.innerWidth;
        drawCharts();
      }
    }, 150);
  });

  followHash();
  refreshQueue();
}

start();
