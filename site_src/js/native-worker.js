/* Runs before the iframe-worker shim (site_src/js/iframe-worker.js, mkdocs.yml extra.polyfills), which replaces
 * window.Worker on file:// pages so that search works from disk. The lesson's Python needs the
 * browser's own Worker (a Blob worker with synchronous importScripts): keep it here. */
import { keepNativeWorker } from "./modules/page-handoff.js";

keepNativeWorker();
