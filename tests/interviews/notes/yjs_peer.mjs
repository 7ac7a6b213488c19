// A Yjs peer for the server's wire-compatibility tests, driven by one JSON object on stdin:
// {"client_id": n?, "apply": [hex update…], "steps": [[{"section", "index", "delete", "insert"}…]…],
//  "sections": [name…]}
// It applies the updates, then makes each step's edits in one transaction (a keystroke, a
// paste, a replaced selection) and prints {"updates": [hex per step], "state": hex of the
// whole document, "texts": {section: text}}.
import * as Y from "../../../static/vendor/yjs-13.6.33/yjs.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const hex = (bytes) => Buffer.from(bytes).toString("hex");

const doc = new Y.Doc();
if (job.client_id !== undefined) doc.clientID = job.client_id;
for (const update of job.apply ?? []) Y.applyUpdate(doc, Buffer.from(update, "hex"));
const updates = [];
for (const step of job.steps ?? []) {
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    for (const edit of step) {
      const text = doc.getText(edit.section);
      if (edit.delete) text.delete(edit.index, edit.delete);
      if (edit.insert) text.insert(edit.index, edit.insert);
    }
  });
  updates.push(hex(Y.encodeStateAsUpdate(doc, before)));
}
const texts = {};
for (const name of job.sections ?? []) texts[name] = doc.getText(name).toString();
process.stdout.write(JSON.stringify({ updates, state: hex(Y.encodeStateAsUpdate(doc)), texts }));
