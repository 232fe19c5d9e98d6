/**
 * Statement counting for round-trip tests: pass `logQuery` to createTestDb, then `counted(fn)`
 * returns fn's value with the SQL statements it ran (Drizzle's logger, in order).
 */
export function statementLog() {
  let log: string[] = [];
  return {
    logQuery: (q: string) => {
      log.push(q);
    },
    async counted<T>(fn: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
      log = [];
      const value = await fn();
      return { value, statements: [...log] };
    },
  };
}
