/** Set by proxy.ts on page requests: the path and query asked for, so sign-in can come back to it. */
export const REQUEST_PATH_HEADER = "x-briefs-path";
