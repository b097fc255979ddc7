/* A file of the offline copy as site_src/offline_bundle.py writes it into offline/*.js:
 * {data: base64, gzip: whether the bytes were gzip-compressed first}. Decoded by the browser
 * itself (a data: URL, a DecompressionStream): fast for files of tens of MB. Used by the page
 * (the worker's own script) and by the worker (everything else it loads). */
export async function decodeEmbedded(file, fetchData = fetch) {
  const encoded = await fetchData(`data:application/octet-stream;base64,${file.data}`);
  const stream = file.gzip ? encoded.body.pipeThrough(new DecompressionStream("gzip")) : encoded.body;
  return new Response(stream).arrayBuffer();
}
