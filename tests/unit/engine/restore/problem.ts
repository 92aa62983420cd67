/** The diagnostic a restorer gives for what it left out (NP-STORED-ROW), as the tests expect it. */
export const problem = (file: string, message: string) => ({
  code: 'NP-STORED-ROW',
  severity: 'warning',
  message,
  file,
  line: null,
});
