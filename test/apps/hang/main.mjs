// onConnect never returns: the watchdog must stop this application's thread, and nothing else.
export function onConnect() {
  for (;;) {
    // spin
  }
}
