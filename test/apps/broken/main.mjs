// Throws while it is imported: connections to it are rejected with the reason; other applications serve on.
throw new Error("broken on purpose");
