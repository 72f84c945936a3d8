import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appendToTranscript,
  createTranscript,
  entryAt,
  isPending,
  transcriptLength,
  type TranscriptEntry,
  type Transcript,
  type TranscriptInput,
} from '../../src/client/state/transcript.js';

const received = (...lines: string[]): TranscriptInput => ({ type: 'received', time: 1, lines });

function entries(t: Transcript): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  for (let seq = t.firstSeq; seq < t.endSeq; seq++) out.push(entryAt(t, seq)!);
  return out;
}

const texts = (t: Transcript) => entries(t).map((e) => e.text);

describe('transcript', () => {
  it('keeps entries in order with consecutive sequence numbers', () => {
    let t = createTranscript(100);
    t = appendToTranscript(t, [received('Welcome!', 'Hello, Ann!')]);
    t = appendToTranscript(t, [
      { type: 'sent', time: 2, lines: ['date'] },
      { type: 'system', time: 3, level: 'warn', text: 'closed by server' },
    ]);
    expect(texts(t)).toEqual(['Welcome!', 'Hello, Ann!', 'date', 'closed by server']);
    expect(entries(t).map((e) => [e.seq, e.type])).toEqual([
      [0, 'received'],
      [1, 'received'],
      [2, 'sent'],
      [3, 'system'],
    ]);
    expect(entryAt(t, 3)).toMatchObject({ level: 'warn', time: 3 });
    expect(entryAt(t, 4)).toBeUndefined();
  });

  it('sanitises text once on the way in: escapes gone, controls visible, tabs expanded', () => {
    const t = appendToTranscript(createTranscript(10), [
      received('\x1b]0;pwned\x07title \x1b[2Jclear', 'a\tb', 'bell\x07', '\u202eevil'),
    ]);
    expect(texts(t)).toEqual(['title clear', 'a       b', 'bell\\x07', 'evil']);
  });

  it('drops the oldest entries beyond the capacity', () => {
    let t = createTranscript(3);
    for (const line of ['1', '2', '3', '4', '5']) t = appendToTranscript(t, [received(line)]);
    expect(texts(t)).toEqual(['3', '4', '5']);
    expect([t.firstSeq, t.endSeq, transcriptLength(t)]).toEqual([2, 5, 3]);
    expect(entryAt(t, 1)).toBeUndefined();
  });

  it('a batch bigger than the capacity keeps only its tail', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const t = appendToTranscript(appendToTranscript(createTranscript(1500), [received('old')]), [
      received(...lines),
    ]);
    expect(transcriptLength(t)).toBe(1500);
    expect(entryAt(t, t.firstSeq)!.text).toBe('line 3500');
    expect(entryAt(t, t.endSeq - 1)!.text).toBe('line 4999');
    expect(t.endSeq).toBe(5001);
  });

  it('skipped lines advance the numbering and drop everything before them', () => {
    let t = appendToTranscript(createTranscript(100), [received('a', 'b')]);
    t = appendToTranscript(t, [{ type: 'skipped', count: 2000 }, received('c'), received('d')]);
    expect([t.firstSeq, t.endSeq]).toEqual([2002, 2004]);
    expect(texts(t)).toEqual(['c', 'd']);
    t = appendToTranscript(t, [received('e')]);
    expect(texts(t)).toEqual(['c', 'd', 'e']);
  });

  it('never changes a transcript it was given (old states stay valid)', () => {
    const a = appendToTranscript(createTranscript(5000), [received('x'.repeat(3))]);
    const before = texts(a);
    const b = appendToTranscript(a, [received(...Array.from({ length: 2000 }, () => 'y'))]);
    appendToTranscript(a, [received('z')]);
    expect(texts(a)).toEqual(before);
    expect(transcriptLength(b)).toBe(2001);
  });

  it('two transcripts extended from one keep their own lines (the open chunk is shared)', () => {
    const a = appendToTranscript(createTranscript(5000), [received('a1', 'a2')]);
    const b = appendToTranscript(a, [
      { type: 'received', time: 2, lines: ['b1'] },
      { type: 'received', time: 3, lines: ['b2'] },
    ]);
    // Its first time is b's last: it must not take on b's runs of times.
    const c = appendToTranscript(a, [
      { type: 'sent', time: 3, lines: ['c1'], prompt: '$ ' },
      { type: 'received', time: 4, lines: ['c2', 'c3'] },
    ]);
    const b2 = appendToTranscript(b, [received('b3')]);
    const c2 = appendToTranscript(c, [received('c4')]);
    expect(texts(a)).toEqual(['a1', 'a2']);
    expect(entries(b2).map((e) => [e.text, e.time])).toEqual([
      ['a1', 1],
      ['a2', 1],
      ['b1', 2],
      ['b2', 3],
      ['b3', 1],
    ]);
    expect(entries(c2).map((e) => [e.text, e.time, e.type])).toEqual([
      ['a1', 1, 'received'],
      ['a2', 1, 'received'],
      ['c1', 3, 'sent'],
      ['c2', 4, 'received'],
      ['c3', 4, 'received'],
      ['c4', 1, 'received'],
    ]);
    expect(entryAt(c2, 2)).toMatchObject({ prompt: '$ ', message: 0 });
    expect(entries(b)).toHaveLength(4);
  });

  it('shows the newest messages as pending, as many as the connection holds', () => {
    let t = createTranscript(100);
    t = appendToTranscript(t, [
      { type: 'received', time: 1, lines: ['banner'] },
      { type: 'sent', time: 1, lines: ['one', 'two'] },
      { type: 'sent', time: 1, lines: ['three'] },
    ]);
    const [banner, one, two, three] = entries(t);
    const pending = (queued: number) => [one, two, three].map((e) => isPending(t, e!, queued));
    expect(pending(2)).toEqual([true, true, true]);
    expect(pending(1)).toEqual([false, false, true]);
    expect(pending(0)).toEqual([false, false, false]);
    expect(isPending(t, banner!, 2)).toBe(false);
    t = appendToTranscript(t, [{ type: 'flushed', time: 2, messages: 2 }]);
    expect(entryAt(t, 4)).toMatchObject({ type: 'system', text: 'delivered 2 queued messages' });
  });

  it('property: same entries as an unbounded list cut to the capacity, whatever the batching', () => {
    // Times repeat and change at random, so runs of equal times start anywhere in a chunk.
    const time = fc.integer({ min: 0, max: 2 });
    const lines = fc.array(fc.string({ maxLength: 3 }), { maxLength: 40 });
    const input = fc.array(
      fc.oneof(
        fc.record({ type: fc.constant('received'), time, lines }),
        fc.record({ type: fc.constant('sent'), time, lines, prompt: fc.constantFrom('', '$ ') }),
        fc.record({
          type: fc.constant('system'),
          time,
          level: fc.constant('info'),
          text: fc.constant('s'),
        }),
      ) as fc.Arbitrary<TranscriptInput>,
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        input,
        fc.integer({ min: 1, max: 7 }),
        (capacity, inputs, batch) => {
          const all: Partial<TranscriptEntry>[] = [];
          let message = 0;
          for (const i of inputs) {
            // fc.string() is printable ASCII, which sanitising leaves alone.
            if (i.type === 'received') {
              all.push(...i.lines.map((text) => ({ type: i.type, time: i.time, text })));
            } else if (i.type === 'sent') {
              const m = message++;
              all.push(
                ...i.lines.map((text, k) => ({
                  type: i.type,
                  time: i.time,
                  text,
                  message: m,
                  prompt: k === 0 ? (i.prompt ?? '') : '',
                })),
              );
            } else if (i.type === 'system') {
              all.push({ type: i.type, time: i.time, text: i.text, level: i.level });
            }
          }
          let t = createTranscript(capacity);
          for (let k = 0; k < inputs.length; k += batch) {
            t = appendToTranscript(t, inputs.slice(k, k + batch));
          }
          const kept = all.slice(-capacity).map((e, k) => ({ ...e, seq: t.firstSeq + k }));
          expect(entries(t)).toEqual(kept);
          expect(t.endSeq).toBe(all.length);
        },
      ),
    );
  });

  it('scales: a large flood is stored in shared chunks', () => {
    let t = createTranscript(100_000);
    const batch = Array.from({ length: 10_000 }, (_, i) => `flood ${i}`);
    for (let i = 0; i < 30; i++) t = appendToTranscript(t, [received(...batch)]);
    expect(transcriptLength(t)).toBe(100_000);
    expect(t.chunks.length).toBeLessThanOrEqual(100_000 / 1024 + 2);
    expect(entryAt(t, t.endSeq - 1)!.text).toBe('flood 9999');
  });
  it('reads back every kind of entry from full (sealed) chunks as it was stored', () => {
    // Three chunks' worth, so the first two are full: CJK, emoji, empty lines, sent lines
    // with their prompts, system lines, each with its own time.
    const texts = ['你好，世界', '', 'plain', '👩‍💻 ok', '<张伟> 今天'];
    let t = createTranscript(10_000);
    const expected: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 2_500; i++) {
      const text = `${texts[i % texts.length]}${i}`;
      if (i % 97 === 0) {
        t = appendToTranscript(t, [{ type: 'sent', time: i, lines: [text], prompt: `p${i}> ` }]);
        expected.push({ type: 'sent', time: i, text, prompt: `p${i}> ` });
      } else if (i % 89 === 0) {
        t = appendToTranscript(t, [{ type: 'system', time: i, level: 'warn', text }]);
        expected.push({ type: 'system', time: i, text, level: 'warn' });
      } else {
        t = appendToTranscript(t, [{ type: 'received', time: i, lines: [text] }]);
        expected.push({ type: 'received', time: i, text });
      }
    }
    const sealedBefore = t;
    t = appendToTranscript(t, [received('later')]);
    for (const version of [sealedBefore, t]) {
      expected.forEach((entry, seq) => expect(entryAt(version, seq)).toMatchObject(entry));
    }
    expect(entryAt(sealedBefore, 2_500)).toBeUndefined();
    expect(entryAt(t, 2_500)).toMatchObject({ text: 'later' });
  });

  it('drops whole sealed chunks as the scrollback moves on, keeping the rest readable', () => {
    let t = createTranscript(1_500);
    for (let i = 0; i < 5_000; i++) t = appendToTranscript(t, [received(`line ${i}`)]);
    expect(t.firstSeq).toBe(3_500);
    expect(entryAt(t, 3_499)).toBeUndefined();
    expect(entryAt(t, 3_500)!.text).toBe('line 3500');
    expect(entryAt(t, 4_999)!.text).toBe('line 4999');
    expect(t.chunks.length).toBeLessThanOrEqual(3);
  });
});

describe('transcript: answered prompts', () => {
  it('keeps the prompt with the first line of the message that answered it', () => {
    const t = appendToTranscript(createTranscript(10), [
      { type: 'sent', time: 1, lines: ['ada', 'more'], prompt: 'login:\x1b[0m ' },
      { type: 'sent', time: 2, lines: ['next'] },
    ]);
    expect(entryAt(t, 0)).toMatchObject({ type: 'sent', text: 'ada', prompt: 'login: ' });
    expect(entryAt(t, 1)).toMatchObject({ type: 'sent', text: 'more', prompt: '' });
    expect(entryAt(t, 2)).toMatchObject({ type: 'sent', text: 'next', prompt: '' });
  });

  it('does not let an earlier version see a later prompt (chunks are shared)', () => {
    const before = appendToTranscript(createTranscript(10), [
      { type: 'sent', time: 1, lines: ['a'] },
    ]);
    const after = appendToTranscript(before, [
      { type: 'sent', time: 2, lines: ['b'], prompt: '$ ' },
    ]);
    expect(entryAt(after, 1)).toMatchObject({ prompt: '$ ' });
    expect(entryAt(before, 1)).toBeUndefined();
    expect(entryAt(before, 0)).toMatchObject({ prompt: '' });
  });
});
