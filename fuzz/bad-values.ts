/** Values no API should trust: injections, control and odd unicode, traversal, sizes and numbers at the edges. */

export const BAD_STRINGS: string[] = [
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd%00',
  'nul\u0000byte',
  'bell\u0007\u001b[31m',
  'rtl\u202Eoverride',
  '\uD800 lone surrogate',
  'zero\u200Bwidth\uFEFF',
  '𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦',
  'ＡＢＣ\u0301\u0301\u0301',
  '   ',
  '',
  '__proto__',
  'constructor',
  'x'.repeat(100_000),
];

export const BAD_NUMBERS: unknown[] = [-1, 0, 0.5, 1e308, -1e308, 2 ** 53 + 1, '1', '1e3', null, true, [], {}];

/** Path segments, already URL-encoded, that try to leave their place or break parsing. */
export const BAD_IDS: string[] = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..%5C..%5Cwindows',
  '%00',
  '%252e%252e%252f',
  '%27%20OR%20%271%27%3D%271',
  '%3Cscript%3E',
  '%7B%7B7*7%7D%7D',
  '%ZZ',
  '%E2%80%AE',
  '%F0%9F%92%A9',
  'x'.repeat(3000),
  'quick-case-000001%2F..%2F..',
  'quick-case-99999999999999999999',
  'QUICK-CASE-000001',
  'key_ZZZZZZZZZZZZZZZZ',
  '-1',
];

/** Bodies that are not the object an operation takes, written as raw text. */
export const RAW_BODIES: string[] = ['[]', '"text"', 'null', '42', 'true', '{"a":', '{"a":"\u0000', '', '{}{}', '{"a":1,"a":2}', '\uFEFF{}', 'a: [b'];

export const CONTENT_TYPES: string[] = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/yaml'];
