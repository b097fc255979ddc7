/* The stored (uncompressed) members of a zip file, read from its central directory, as views
 * into the zip's own bytes (no copy). The build stores every member of the wheels it ships
 * (site_src/runtime/optimize_in_pyodide.py), so a wheel's extension modules are plain byte
 * ranges: the worker compiles them while Pyodide boots (modules/precompiled-wasm.js).
 *
 * Anything this reader does not understand (a compressed member, ZIP64, a damaged directory)
 * is left out, never guessed: Pyodide still unpacks and loads it its usual way. */

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;

/* [{name, bytes: Uint8Array}] of the stored members whose name passes `wanted(name)`. */
export function storedZipEntries(buffer, wanted = () => true) {
  return readDirectory(buffer).members.filter((member) => member.bytes && wanted(member.name));
}

/* Every member, in the directory's order, as [{name, bytes}], when every one of them is stored
 * and readable; null when any is not (or the directory is damaged): then nothing may be taken
 * from this zip as a whole. */
export function allStoredZipEntries(buffer) {
  const { announced, members } = readDirectory(buffer);
  return members.length === announced && members.every((member) => member.bytes) ? members : null;
}

/* How many members the end record announces (-1 without one), and the members the directory
 * lists, each {name, bytes} (bytes null when compressed or not where the directory says), up to
 * the first damaged directory entry. */
function readDirectory(buffer) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const members = [];
  const end = findEndOfDirectory(view);
  if (end < 0) return { announced: -1, members };
  const announced = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (directoryStart + directorySize > end) return { announced, members }; // ZIP64 (0xffffffff) or damaged
  const names = new TextDecoder();
  let at = directoryStart;
  for (let i = 0; i < announced; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) break;
    const method = view.getUint16(at + 10, true);
    const packedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeader = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    let data = -1;
    if (method === STORED && packedSize === size) data = dataStart(view, localHeader, directoryStart);
    const readable = data >= 0 && data + size <= directoryStart;
    members.push({ name, bytes: readable ? bytes.subarray(data, data + size) : null });
  }
  return { announced, members };
}

/* Offset of the end-of-central-directory record: the last signature whose comment length
 * reaches exactly to the end of the file. -1 if there is none. */
function findEndOfDirectory(view) {
  const last = view.byteLength - END_RECORD_SIZE;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY && at + END_RECORD_SIZE + view.getUint16(at + 20, true) === view.byteLength) {
      return at;
    }
  }
  return -1;
}

/* Where a member's bytes start: after its local header, whose name and extra field lengths
 * may differ from the directory's. -1 if the header is not where the directory says. */
function dataStart(view, localHeader, limit) {
  if (localHeader + 30 > limit || view.getUint32(localHeader, true) !== LOCAL_HEADER) return -1;
  return localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true);
}
