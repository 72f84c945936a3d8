import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Yoga from 'yoga-layout';
// Ink's own tree, layout, walk and compositor: ours must draw the very same frames.
import {
  appendChildNode,
  createNode,
  createTextNode,
  insertBeforeNode,
  removeChildNode,
  setStyle,
  setTextNodeValue,
  type DOMElement,
  type TextNode,
} from '../../node_modules/ink/build/dom.js';
import applyStyles from '../../node_modules/ink/build/styles.js';
import type { Styles } from '../../node_modules/ink/build/styles.js';
import InkOutput from '../../node_modules/ink/build/output.js';
import inkRenderNodeToOutput from '../../node_modules/ink/build/render-node-to-output.js';
import renderNodeToOutput from '../../src/tui/ink-render-node-to-output.js';
import { withColours } from '../helpers/colours.js';

const WIDTH = 40;

function styled(node: DOMElement, style: Styles): void {
  setStyle(node, style);
  if (node.yogaNode) applyStyles(node.yogaNode, style);
}

const COLOURS = ['', '31', '32', '2'] as const;
const colour = (code: string) =>
  code === '' ? undefined : (text: string) => `\x1b[${code}m${text}\x1b[0m`;

/** A row as `<Text>` makes it: a text node, a coloured label, a value. */
function row(label: string, value: string, code: string): DOMElement {
  const text = createNode('ink-text');
  styled(text, { flexGrow: 0, flexShrink: 1, flexDirection: 'row', textWrap: 'truncate-end' });
  const virtual = createNode('ink-virtual-text');
  virtual.internal_transform = colour(code);
  appendChildNode(virtual, createTextNode(label) as unknown as DOMElement);
  appendChildNode(text, virtual);
  appendChildNode(text, createTextNode(value) as unknown as DOMElement);
  return text;
}

/** The app's shape: a pane and a bordered panel side by side, an input line, a footer. */
function tree(rows: number) {
  const root = createNode('ink-root');
  styled(root, { flexDirection: 'column', width: WIDTH });
  const top = createNode('ink-box');
  styled(top, { flexDirection: 'row', height: 6 });
  const pane = createNode('ink-box');
  styled(pane, { flexDirection: 'column', width: 24, height: 6, flexShrink: 0 });
  const paneText = createNode('ink-text');
  styled(paneText, { flexDirection: 'row', flexShrink: 1, textWrap: 'wrap' });
  const paneValue = createTextNode('one\ntwo');
  appendChildNode(paneText, paneValue as unknown as DOMElement);
  appendChildNode(pane, paneText);
  const panel = createNode('ink-box');
  styled(panel, {
    flexDirection: 'column',
    flexGrow: 1,
    flexShrink: 1,
    borderStyle: 'single',
    borderTop: false,
    borderRight: false,
    borderBottom: false,
    paddingLeft: 1,
  });
  for (let i = 0; i < rows; i++) appendChildNode(panel, row(`k${i} `, `v${i}`, ''));
  const input = createNode('ink-box');
  styled(input, { flexDirection: 'column', height: 2 });
  appendChildNode(input, row('› ', 'typed', '36'));
  appendChildNode(top, pane);
  appendChildNode(top, panel);
  appendChildNode(root, top);
  appendChildNode(root, input);
  return { root, top, pane, paneValue, panel, input };
}

type Change =
  | { type: 'pane'; text: string }
  | { type: 'value'; at: number; text: string }
  | { type: 'colour'; at: number; code: string }
  | { type: 'border'; code: string }
  | { type: 'wrap'; at: number; wrap: 'wrap' | 'truncate-end' }
  | { type: 'pane-width'; width: number }
  | { type: 'resize'; width: number }
  | { type: 'top-height'; height: number }
  | { type: 'add'; at: number; text: string }
  | { type: 'remove'; at: number }
  | { type: 'input'; text: string }
  | { type: 'none' };

const words = fc.constantFrom('', 'a', 'hello', '你好', '张伟 hi', 'x'.repeat(30), 'a\nb');
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ type: fc.constant('pane' as const), text: words }),
  fc.record({ type: fc.constant('value' as const), at: fc.nat(8), text: words }),
  fc.record({
    type: fc.constant('colour' as const),
    at: fc.nat(8),
    code: fc.constantFrom(...COLOURS),
  }),
  fc.record({ type: fc.constant('border' as const), code: fc.constantFrom('gray', 'red') }),
  fc.record({
    type: fc.constant('wrap' as const),
    at: fc.nat(8),
    wrap: fc.constantFrom('wrap' as const, 'truncate-end' as const),
  }),
  fc.record({ type: fc.constant('pane-width' as const), width: fc.constantFrom(20, 24) }),
  fc.record({ type: fc.constant('resize' as const), width: fc.constantFrom(36, 40, 48) }),
  fc.record({ type: fc.constant('top-height' as const), height: fc.constantFrom(4, 6) }),
  fc.record({ type: fc.constant('add' as const), at: fc.nat(8), text: words }),
  fc.record({ type: fc.constant('remove' as const), at: fc.nat(8) }),
  fc.record({ type: fc.constant('input' as const), text: words }),
  fc.constant({ type: 'none' as const }),
);

function apply(t: ReturnType<typeof tree>, c: Change): void {
  const rows = t.panel.childNodes as DOMElement[];
  const pick = (at: number) => rows[at % Math.max(1, rows.length)];
  switch (c.type) {
    case 'pane':
      setTextNodeValue(t.paneValue, c.text);
      return;
    case 'value': {
      const r = pick(c.at);
      if (r) setTextNodeValue(r.childNodes[1] as unknown as TextNode, c.text);
      return;
    }
    case 'colour': {
      const r = pick(c.at);
      // A re-rendered <Text> hands its node a new transform, even for the same colour.
      if (r) (r.childNodes[0] as DOMElement).internal_transform = colour(c.code);
      return;
    }
    case 'border':
      styled(t.panel, { ...t.panel.style, borderColor: c.code });
      return;
    case 'wrap': {
      const r = pick(c.at);
      if (r) styled(r, { ...r.style, textWrap: c.wrap });
      return;
    }
    case 'pane-width':
      styled(t.pane, { ...t.pane.style, width: c.width });
      return;
    case 'top-height':
      styled(t.top, { ...t.top.style, height: c.height });
      styled(t.pane, { ...t.pane.style, height: c.height });
      return;
    case 'resize':
      // What Ink does when the terminal's width changes.
      t.root.yogaNode!.setWidth(c.width);
      return;
    case 'add': {
      const before = pick(c.at);
      const added = row('n ', c.text, '32');
      if (before) insertBeforeNode(t.panel, added, before);
      else appendChildNode(t.panel, added);
      return;
    }
    case 'remove': {
      const r = pick(c.at);
      if (r) removeChildNode(t.panel, r);
      return;
    }
    case 'input':
      setTextNodeValue(
        (t.input.childNodes[0] as DOMElement).childNodes[1] as unknown as TextNode,
        c.text,
      );
      return;
    case 'none':
      return;
    default:
      c satisfies never;
  }
}

/** One frame as Ink's renderer makes it, with the given walk. */
function frame(root: DOMElement, walk: typeof inkRenderNodeToOutput): string {
  root.yogaNode!.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
  return draw(root, walk);
}

/** The walk alone, on the tree as last laid out. */
function draw(root: DOMElement, walk: typeof inkRenderNodeToOutput): string {
  const output = new InkOutput({
    width: root.yogaNode!.getComputedWidth(),
    height: root.yogaNode!.getComputedHeight(),
  });
  walk(root, output, { skipStaticElements: true });
  return output.get().output;
}

describe("the frame walk that remembers boxes (in place of Ink's)", () => {
  // Colours on, so a border's colour shows in the frames compared.
  withColours();

  it('draws every frame as Ink does, whatever changes between frames', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.array(change, { maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        (rows, frames) => {
          const t = tree(rows);
          expect(frame(t.root, renderNodeToOutput)).toBe(frame(t.root, inkRenderNodeToOutput));
          for (const changes of frames) {
            for (const c of changes) apply(t, c);
            expect(frame(t.root, renderNodeToOutput)).toBe(frame(t.root, inkRenderNodeToOutput));
          }
          t.root.yogaNode!.freeRecursive();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("draws a row again when its text's wrapping changes", () => {
    const t = tree(1);
    const only = t.panel.childNodes[0] as DOMElement;
    setTextNodeValue(only.childNodes[1] as unknown as TextNode, 'abcdefghijklmnopqrstuvwxyz');
    expect(frame(t.root, renderNodeToOutput)).toBe(frame(t.root, inkRenderNodeToOutput));
    styled(only, { ...only.style, textWrap: 'wrap' });
    const wrapped = frame(t.root, renderNodeToOutput);
    expect(wrapped).toBe(frame(t.root, inkRenderNodeToOutput));
    expect(wrapped).toContain('qrstuvwxyz');
    t.root.yogaNode!.freeRecursive();
  });

  it('hands over a box it drew before without walking it again', () => {
    const t = tree(3);
    // A label's colour, as <Text color> gives it: drawing the row applies it.
    let applied = 0;
    const label = (t.panel.childNodes[0] as DOMElement).childNodes[0] as DOMElement;
    label.internal_transform = (text) => {
      applied++;
      return `\x1b[32m${text}\x1b[39m`;
    };
    frame(t.root, renderNodeToOutput);
    setTextNodeValue(t.paneValue, 'three');
    t.root.yogaNode!.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
    applied = 0;
    const ours = draw(t.root, renderNodeToOutput);
    expect(applied).toBe(0);
    expect(ours).toBe(draw(t.root, inkRenderNodeToOutput));
    expect(applied).toBe(1);
    expect(ours).toContain('\x1b[32mk0 \x1b[39m');
    t.root.yogaNode!.freeRecursive();
  });
});
