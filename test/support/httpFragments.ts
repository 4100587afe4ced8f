// Line shapes the .http parser treats differently (and some it should treat as nothing
// special), and random text: what the parser's property and fast-path tests build files from.

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: Random, below: number): number => Math.floor(random() * below);

/** Line shapes the parser treats differently, and some it should treat as nothing special. */
export const FRAGMENTS = [
  '', '', '', '###', '### Title', '### @name x', '####', '  ###  ', '# comment', '// comment', '# @name a', '// @name b',
  '# @note', '# @role MANAGER', '# @role nobody', '# @profile p', '# @no-auth', '# @expect MANAGER=200 AGENT=4x', '# @expect',
  '@v = 1', '@v=', '@', '@ = x', 'GET https://a.example/x', 'POST {{host}}/y HTTP/1.1', 'get /lower', 'GRAPHQL /gql', 'WS ws://w',
  'GRPC g:1/s', 'DELETE', 'https://bare.example', '{{host}}/bare', '    /continued', '?q=1', '&r=2', '\t?tab=1',
  'Content-Type: application/json', 'X-REQUEST-TYPE: GraphQL', 'Bad header', ': x', '{"a": 1}', '{', '}', '  "k": "v",',
  '< ./file.json', '<@ ./vars.json', '<@latin1 ./l.txt', '<tag/>', '< {%', '< {% one(); %}', '> {%', '> {% one(); %}', '%}',
  '> ./h.js', '>> out', '>>! out', '?? status == 200', '<> prev.json', 'HTTP/1.1 200 OK', 'HTTP/2 404', '{{', '{{@response',
  '}}', '--boundary', 'Content-Disposition: form-data; name="f"', 'query { a }', 'a=1', '\u00a0', '\uFEFF# bom',
  '/*', '*/', '/* one line */', '  /* indented', 'end */', '/*/', '# @name = eq', '@lazy := 1', '@spaced value', 'query Named {',
  'Content-Type: multipart/mixed; boundary=mb', '--mb--', 'MQTTS mqtts://m', 'wss://bare', '/path/continued', '# @expect status 201',
];

export function randomText(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (roll < 0.05) text += '\r';
    else if (roll < 0.1) text += '\n';
    else if (roll < 0.15) text += pick(random, ['#', '@', '<', '>', '{', '}', '%', '?', '&', ':', '=', ' ', '\t', '\0', '\uD800', '\uDFFF', '\u2028']);
    else text += String.fromCharCode(int(random, 0x2ff));
  }
  return text;
}

