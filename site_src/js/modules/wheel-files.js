/* A wheel's members written straight into Pyodide's file system from its downloaded bytes.
 *
 * The build stores every member of the wheels it ships uncompressed, so each member is a plain
 * byte range of the download: writing it is a file-system call, where Pyodide's own unpacking
 * copies the wheel into a temporary file and unzips it member by member in Python. The Python
 * half (site_src/runtime/wheel_unpacker.py) decides whether a wheel may be unpacked this way;
 * this half only lists and writes. MEMFS keeps each file as a view of the download (canOwn):
 * the files are the wheel's bytes, not a copy of them. */
import { allStoredZipEntries } from "./stored-zip-entries.js";

export class WheelFiles {
  constructor(FS) {
    this.FS = FS;
    this.written = 0; // wheels unpacked here
    this.declined = 0; // wheels the Python half left to Pyodide's own unpacking
    this.listed = null; // {buffer, members} of the wheel names() just read
  }

  /* The member names in the zip's order, or null when some member is not stored as is. The
   * members are kept for write(), which follows for the same wheel: its directory is read once. */
  names(buffer) {
    const members = allStoredZipEntries(buffer);
    this.listed = members ? { buffer, members } : null;
    return members ? members.map((member) => member.name) : null;
  }

  leftToPyodide() {
    this.declined += 1;
  }

  /* Writes every member under `directory`; names ending in "/" are folders. */
  write(buffer, directory) {
    const members = this.listed && this.listed.buffer === buffer ? this.listed.members : allStoredZipEntries(buffer);
    this.listed = null; // the wheel's bytes are not held past its install
    if (!members) throw new Error("the wheel is no longer readable as stored members");
    const made = new Set();
    for (const { name, bytes } of members) {
      const path = `${directory}/${name}`;
      const folder = path.slice(0, path.lastIndexOf("/")); // a folder's own entry ends in "/"
      if (!made.has(folder)) {
        this.FS.mkdirTree(folder);
        made.add(folder);
      }
      if (!name.endsWith("/")) this.FS.writeFile(path, bytes, { canOwn: true });
    }
    this.written += 1;
  }

  /* What the worker reports (protocol.json, ready.wheels). */
  counts() {
    return { unpacked_here: this.written, unpacked_by_pyodide: this.declined };
  }
}
