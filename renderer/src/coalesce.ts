// Runs an async reload at most once at a time: calls made while it runs collapse into one more run
// afterwards. A burst of store.changed events thus costs two reads, not one per event.

export function coalesce(reload: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    running = true;
    try {
      do {
        again = false;
        await reload();
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
