/* The runtime's start-up files, downloaded and verified: used by the Python worker itself or,
 * where the browser allows it, by a worker of its own (pyodide-worker.js "downloads"), so that the
 * bytes keep flowing while Python keeps the Python worker's thread busy.
 *
 * downloadFiles() -> Map path -> Promise of a verified {type, bytes, module?, sha256}. Files start
 * stage by stage (the manifest's `stage`, site_src/runtime_manifest.py): a stage's files once the
 * lower stages' files have arrived. Failures are BootErrors: Spanish sentences for the reader.
 */
import { sha256 } from "js-sha256";

const PARALLEL_DOWNLOADS = 6; // the browser's connections per host over HTTP/1.1
const PROGRESS_EVERY_MS = 200;

/* A failure the reader is told about as it is (Spanish, no internals). */
export class BootError extends Error {
  constructor(message) {
    super(message);
    this.name = "BootError";
  }
}

const CONTENT_TYPES = { wasm: "application/wasm", js: "text/javascript", json: "application/json" };

export function contentType(path) {
  return CONTENT_TYPES[path.split(".").pop()] || "application/zip";
}

export function fileName(path) {
  return path.split("/").pop();
}

/* [path, entry] of the files start-up needs (not the on-demand ones). */
export function startFiles(runtimeFiles) {
  return Object.entries(runtimeFiles).filter(([, entry]) => !entry.on_demand);
}

/* Every start-up file of `runtimeFiles` (RUNTIME_FILES), downloaded at most PARALLEL_DOWNLOADS at
 * a time, in the manifest's order, with `fetch`; the progress told through `progress(text,
 * loaded, total)`. */
export function downloadFiles(root, limits, runtimeFiles, { fetch, progress }) {
  const compressed = typeof DecompressionStream === "function";
  const sizes = new Map(); // path -> bytes on the wire
  const received = new Map(); // path -> bytes received by its current attempt
  for (const [path, entry] of startFiles(runtimeFiles)) {
    sizes.set(path, compressed && entry.gzip ? entry.wire : entry.bytes);
    received.set(path, 0);
  }
  const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  const activity = { last: performance.now() };
  let lastReport = 0;
  const report = (force) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    let loaded = 0;
    received.forEach((bytes, path) => { loaded += Math.min(bytes, sizes.get(path)); });
    progress(`Descargando Python: ${megabytes(loaded)} de ${megabytes(total)} MB…`, loaded, total);
  };
  const onBytes = (path, count) => {
    activity.last = performance.now();
    received.set(path, count);
    report(false);
  };

  const files = new Map();
  const inTurn = limiter(PARALLEL_DOWNLOADS);
  // Stage by stage (the manifest's order): a stage's files start once the lower stages' files
  // have arrived. The core's files (stage 0) have the connection to themselves, so on a slow
  // network Python's core boots while the packages download, instead of every file arriving late
  // together (measured at 20 Mbit/s on a busy 2-core machine: the core up at 3.6-4.1 s instead of
  // 5.8-6.4 s); then numpy arrives first and is imported while the rest downloads, and so on.
  let stage = 0;
  let lowerStagesArrived = null;
  report(true);
  for (const [path, entry] of startFiles(runtimeFiles)) {
    if (entry.stage > stage) {
      stage = entry.stage;
      lowerStagesArrived = Promise.allSettled([...files.values()]);
    }
    const gzipped = compressed && entry.gzip !== null;
    const url = root + (gzipped ? entry.gzip : path);
    // A copy that fails its sha256 is tried again too: the HTTP cache may hold another build's.
    const fetchVerified = () => inTurn(() => withRetries(limits, async (attempt) => {
      received.set(path, 0);
      const file = await fetchOnce(fetch, url, path, gzipped, attempt, limits, activity, onBytes);
      report(true);
      file.sha256 = await verifiedDigest(path, file.bytes, runtimeFiles);
      return file;
    }));
    const job = lowerStagesArrived ? lowerStagesArrived.then(fetchVerified) : fetchVerified();
    job.catch(() => {}); // the caller reports it
    files.set(path, job);
  }
  return files;
}

/* run(task) runs at most `count` tasks at a time, in the order they were given. */
function limiter(count) {
  let running = 0;
  const waiting = [];
  const next = () => {
    if (running >= count || !waiting.length) return;
    running++;
    const { task, resolve } = waiting.shift();
    const done = task();
    resolve(done);
    done.catch(() => {}).finally(() => { running--; next(); });
  };
  return (task) => new Promise((resolve) => {
    waiting.push({ task, resolve });
    next();
  });
}

/* One try at one file. Rejects with a BootError when the host answers an error, the connection
 * breaks, or nothing has arrived from any download for limits.stall_ms. */
async function fetchOnce(fetch, url, path, gzipped, attempt, limits, activity, onBytes) {
  const controller = new AbortController();
  let started = performance.now();
  let stalled = false;
  const watch = setInterval(() => {
    if (performance.now() - Math.max(started, activity.last) > limits.stall_ms) {
      stalled = true;
      controller.abort();
    }
  }, Math.min(500, limits.stall_ms / 4));
  try {
    // A later try skips the HTTP cache: it may hold the copy that failed.
    const response = await fetch(url, { signal: controller.signal, cache: attempt > 1 ? "reload" : "default" });
    started = performance.now();
    activity.last = started;
    if (!response.ok) throw new BootError(`el servidor respondió ${response.status} al pedir ${fileName(path)}`);
    let count = 0;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, out) {
        count += chunk.byteLength;
        onBytes(path, count);
        out.enqueue(chunk);
      },
    }));
    const body = gzipped ? counted.pipeThrough(new DecompressionStream("gzip")) : counted;
    if (path.endsWith(".wasm") && typeof WebAssembly.compileStreaming === "function") {
      // Compile while the bytes arrive; nothing runs before its sha256 is checked (see below).
      const [toCompile, toKeep] = body.tee();
      const module = WebAssembly.compileStreaming(new Response(toCompile, { headers: { "Content-Type": "application/wasm" } }));
      module.catch(() => {});
      return { type: contentType(path), bytes: await new Response(toKeep).arrayBuffer(), module };
    }
    return { type: contentType(path), bytes: await new Response(body).arrayBuffer() };
  } catch (error) {
    if (error instanceof BootError) throw error;
    if (stalled) throw new BootError(`el servidor no envió ${fileName(path)} (sin respuesta durante ${Math.round(limits.stall_ms / 1000)} s)`);
    // A service worker with a copy would have answered: there is none in this browser.
    throw new BootError(`no se pudo descargar ${fileName(path)} (sin conexión con el servidor) y no hay copia guardada en este navegador`);
  } finally {
    clearInterval(watch);
  }
}

/* Tries `once(attempt)` up to limits.attempts times, waiting backoff_ms, then twice that... */
async function withRetries(limits, once) {
  let delay = limits.backoff_ms;
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(attempt);
    } catch (error) {
      if (attempt >= limits.attempts) {
        throw new BootError(`${error.message}; se intentó ${limits.attempts} veces`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

export async function sha256Hex(bytes) {
  if (globalThis.crypto && crypto.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }
  return sha256(bytes); // js-sha256, bundled: no secure context needed
}

/* The bytes' sha256 (hex) when it is the one the manifest gives for `path`; else a BootError. */
export async function verifiedDigest(path, bytes, runtimeFiles) {
  const actual = await sha256Hex(bytes);
  if (actual !== runtimeFiles[path].sha256) throw new BootError(notThisBuild(path));
  return actual;
}

/* What the reader is told of a file whose bytes are not the manifest's. */
export function notThisBuild(path) {
  return `${fileName(path)} no es el archivo de esta versión del sitio (su sha256 no coincide); no se usó`;
}

/* "12,3": Spanish decimals. Written out, not toLocaleString: its first call in a worker loads the
 * locale's data (~80 ms of this thread, just as the runtime starts arriving). */
function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1).replace(".", ",");
}
