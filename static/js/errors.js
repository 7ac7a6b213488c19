// The refusal codes the server answers with (`{"type": "error", "code": …}`), as defined in
// interviews/errors.py. tests/golden/error_codes.json is written from that definition, and
// tests/errors.test.js checks that this list is exactly the one in that file and that no
// other script compares a code to a literal.

export const ERROR_CODES = Object.freeze({
  BAD_JSON: "bad_json",
  BAD_MESSAGE: "bad_message",
  FORBIDDEN: "forbidden",
  READ_ONLY: "read_only",
  UNKNOWN_ELEMENT: "unknown_element",
  DUPLICATE_ELEMENT: "duplicate_element",
  BAD_VERSION: "bad_version",
  OUT_OF_SYNC: "out_of_sync",
  STALE_PHASE: "stale_phase",
  INVALID_STATE: "invalid_state",
  SESSION_NOT_LIVE: "session_not_live",
  SESSION_ENDED: "session_ended",
  TOO_LARGE: "too_large",
  RATE_LIMITED: "rate_limited",
  SERVER_ERROR: "server_error",
});

/** What a person is told for a refusal; codes without a text show the server's message. */
export const ERROR_TEXT = Object.freeze({
  [ERROR_CODES.FORBIDDEN]: "Your role cannot do that.",
  [ERROR_CODES.READ_ONLY]: "You are observing: the room is read-only.",
  [ERROR_CODES.UNKNOWN_ELEMENT]: "That element was deleted by someone else.",
  [ERROR_CODES.STALE_PHASE]: "The phase had already changed.",
  [ERROR_CODES.SESSION_NOT_LIVE]: "The session has not started yet.",
  [ERROR_CODES.SESSION_ENDED]: "The session is over.",
  [ERROR_CODES.TOO_LARGE]: "That is too large to save.",
  [ERROR_CODES.RATE_LIMITED]: "Too many call messages: slow down.",
});
