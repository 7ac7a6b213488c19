// The one entry point of the browser's Yjs bundle: everything yjs exports, nothing else.
export * from "yjs";
