/**
 * Offset of the first syntax error in a JSON text, or the text's length when it ends too early.
 * Only called after `JSON.parse` has failed, to point at the place; it validates syntax, builds nothing.
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text.charAt(at) !== char) fail();
      at += 1;
    }
  };
  const string = () => {
    at += 1; // opening quote
    while (at < text.length) {
      const char = text.charCodeAt(at);
      if (char === 0x22) {
        at += 1;
        return;
      }
      if (char < 0x20) fail();
      if (char === 0x5c) {
        at += 1;
        const escaped = text.charAt(at);
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/u.test(text.slice(at + 1, at + 5))) fail();
          at += 4;
        } else if (!'"\\/bfnrt'.includes(escaped) || escaped === '') fail();
      }
      at += 1;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/u.exec(text.slice(at, at + 400));
    if (match === null) fail();
    at += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const char = text.charAt(at);
    if (char === '{') object();
    else if (char === '[') array();
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char >= '0' && char <= '9')) number();
    else fail();
  };
  const array = () => {
    at += 1;
    space();
    if (text.charAt(at) === ']') {
      at += 1;
      return;
    }
    for (;;) {
      value();
      space();
      const char = text.charAt(at);
      at += 1;
      if (char === ']') return;
      if (char !== ',') {
        at -= 1;
        fail();
      }
    }
  };
  const object = () => {
    at += 1;
    space();
    if (text.charAt(at) === '}') {
      at += 1;
      return;
    }
    for (;;) {
      space();
      if (text.charAt(at) !== '"') fail();
      string();
      space();
      if (text.charAt(at) !== ':') fail();
      at += 1;
      value();
      space();
      const char = text.charAt(at);
      at += 1;
      if (char === '}') return;
      if (char !== ',') {
        at -= 1;
        fail();
      }
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return text.length;
  } catch (offset) {
    if (typeof offset === 'number') return Math.min(offset, text.length);
    throw offset;
  }
}
