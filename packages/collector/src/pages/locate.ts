// Finds where a validation path (e.g. `questions[2].scale`) sits in the editor's JSON text, as a line number.

/** Offset of every path in well-formed JSON text: object members at their key, array items at their value. */
export function pathOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const str = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const at = i;
        const key = str();
        const p = path ? `${path}.${key}` : key;
        out.set(p, at);
        ws();
        i++; // ':'
        value(p);
        ws();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        ws();
        const p = `${path}[${n}]`;
        out.set(p, i);
        value(p);
        ws();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '"') return void str();
    while (i < text.length && !',}] \t\r\n'.includes(text[i] as string)) i++;
  };
  try {
    value('');
  } catch {
    // Malformed text: whatever was found so far still helps.
  }
  return out;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** 1-based line of a path, or of its nearest existing parent (a missing field points at its object). */
export function lineOfPath(text: string, path: string, offsets = pathOffsets(text)): number | null {
  let p = path;
  while (p) {
    const at = offsets.get(p);
    if (at !== undefined) return lineAt(text, at);
    const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (parent === p) break;
    p = parent;
  }
  return null;
}

/** Line of a JSON.parse error, from V8's "at position N" or "(line N column M)". */
export function lineOfSyntaxError(text: string, message: string): number | null {
  const line = /line (\d+) column \d+/.exec(message);
  if (line) return Number(line[1]);
  const pos = /at position (\d+)/.exec(message);
  return pos ? lineAt(text, Number(pos[1])) : null;
}
