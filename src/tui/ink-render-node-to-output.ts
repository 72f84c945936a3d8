import Yoga from 'yoga-layout';
import inkRenderNodeToOutput, {
  type OutputTransformer,
} from '../../node_modules/ink/build/render-node-to-output.js';
import renderBackground from '../../node_modules/ink/build/render-background.js';
import renderBorder from '../../node_modules/ink/build/render-border.js';
import type { DOMElement, DOMNode } from '../../node_modules/ink/build/dom.js';
import type Output from '../../node_modules/ink/build/output.js';
import { checkExhaustive } from '../shared/check-exhaustive.js';

export { renderNodeToScreenReaderOutput } from '../../node_modules/ink/build/render-node-to-output.js';

/**
 * Ink's `render-node-to-output` (the walk that turns the laid-out tree into the frame's
 * writes), with one change: a box whose subtree and layout are as they were when it was last
 * drawn hands the compositor the very writes it made then, without walking its text nodes
 * again. The bundle puts this module in place of Ink's own (scripts/build.mjs); text nodes are
 * still drawn by Ink's function, and test/unit/ink-render-node-to-output.test.ts checks frames
 * against Ink's walk on random trees changed at random between frames.
 *
 * Why: every frame Ink squashes, styles and measures every text node on screen, calling into
 * Yoga's WebAssembly for each one's size and padding: for the side panel's thirty-odd rows,
 * which a line from the server does not change, that was about a tenth of a frame.
 */

type Options = {
  readonly offsetX?: number;
  readonly offsetY?: number;
  readonly transformers?: OutputTransformer[];
  readonly skipStaticElements: boolean;
};

type Clip = Parameters<Output['clip']>[0];

/** One call a box's drawing made on the frame's compositor. */
type Write =
  | {
      readonly type: 'write';
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly transformers: OutputTransformer[];
    }
  | { readonly type: 'clip'; readonly clip: Clip }
  | { readonly type: 'unclip' };

/** What a box drew last, and what it was drawn from. */
interface Drawn {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The box's own style (border, background, padding, overflow). */
  readonly style: DOMElement['style'];
  /** Every node below the box in order, with what its drawing depends on (`signature`). */
  readonly signature: readonly unknown[];
  readonly writes: readonly Write[];
}

const drawn = new WeakMap<DOMElement, Drawn>();

/**
 * What a subtree is drawn from, node by node: the nodes themselves (so any change in the
 * structure shows), each text's value, each element's style object (Ink replaces it when a
 * style changes) and its transform (where `<Text>` keeps its colours). Given the same box
 * size, Yoga lays the same subtree out the same way. Not seen: a node React hides for a
 * suspended `<Suspense>` (display set on its Yoga node alone); the app suspends nothing.
 */
function collect(node: DOMElement, into: unknown[]): void {
  for (const child of node.childNodes) {
    if (child.nodeName === '#text') {
      into.push(child, child.nodeValue);
      continue;
    }
    into.push(child, child.style, child.internal_transform, child.internal_static);
    collect(child, into);
  }
}

/** Whether the subtree below `node` still matches `signature` (stops at the first change). */
function matches(node: DOMElement, signature: readonly unknown[]): boolean {
  let at = 0;
  const walk = (parent: DOMElement): boolean => {
    for (const child of parent.childNodes) {
      if (signature[at++] !== child) return false;
      if (child.nodeName === '#text') {
        if (signature[at++] !== child.nodeValue) return false;
        continue;
      }
      if (signature[at++] !== child.style) return false;
      if (signature[at++] !== child.internal_transform) return false;
      if (signature[at++] !== child.internal_static) return false;
      if (!walk(child)) return false;
    }
    return true;
  };
  return walk(node) && at === signature.length;
}

/** The compositor, with every call also kept in `writes`. */
function recording(output: Output, writes: Write[]): Output {
  return {
    write(x: number, y: number, text: string, options: { transformers: OutputTransformer[] }) {
      writes.push({ type: 'write', x, y, text, transformers: options.transformers });
      output.write(x, y, text, options);
    },
    clip(clip: Clip) {
      writes.push({ type: 'clip', clip });
      output.clip(clip);
    },
    unclip() {
      writes.push({ type: 'unclip' });
      output.unclip();
    },
  } as Output;
}

function replay(output: Output, writes: readonly Write[]): void {
  for (const w of writes) {
    switch (w.type) {
      case 'write':
        output.write(w.x, w.y, w.text, { transformers: w.transformers });
        break;
      case 'clip':
        output.clip(w.clip);
        break;
      case 'unclip':
        output.unclip();
        break;
      default:
        checkExhaustive(w);
    }
  }
}

/** Draws `node` and everything below it into `output`, as Ink's own function does. */
export default function renderNodeToOutput(
  node: DOMElement,
  output: Output,
  options: Options,
): void {
  if (node.nodeName !== 'ink-box' && node.nodeName !== 'ink-root') {
    inkRenderNodeToOutput(node, output, options);
    return;
  }
  const { offsetX = 0, offsetY = 0, transformers = [], skipStaticElements } = options;
  if (skipStaticElements && node.internal_static) return;
  const { yogaNode } = node;
  if (!yogaNode || yogaNode.getDisplay() === Yoga.DISPLAY_NONE) return;
  const x = offsetX + yogaNode.getComputedLeft();
  const y = offsetY + yogaNode.getComputedTop();

  // Only boxes of text are remembered: a box of boxes costs little more than its children,
  // which are remembered themselves, and would have to check a whole screen's nodes to tell
  // whether it changed. A box under a transform (none in Ink's own components) is always drawn.
  const cacheable =
    node.nodeName === 'ink-box' &&
    transformers.length === 0 &&
    node.childNodes.every((child) => child.nodeName !== 'ink-box');
  let into = output;
  let writes: Write[] | undefined;
  let width = 0;
  let height = 0;
  if (cacheable) {
    width = yogaNode.getComputedWidth();
    height = yogaNode.getComputedHeight();
    const last = drawn.get(node);
    if (
      last !== undefined &&
      last.x === x &&
      last.y === y &&
      last.width === width &&
      last.height === height &&
      last.style === node.style &&
      matches(node, last.signature)
    ) {
      replay(output, last.writes);
      return;
    }
    writes = [];
    into = recording(output, writes);
  }

  let newTransformers = transformers;
  if (typeof node.internal_transform === 'function') {
    newTransformers = [node.internal_transform, ...transformers];
  }
  let clipped = false;
  if (node.nodeName === 'ink-box') {
    renderBackground(x, y, node as DOMNode, into);
    renderBorder(x, y, node as DOMNode, into);
    const clipHorizontally = node.style.overflowX === 'hidden' || node.style.overflow === 'hidden';
    const clipVertically = node.style.overflowY === 'hidden' || node.style.overflow === 'hidden';
    if (clipHorizontally || clipVertically) {
      const x1 = clipHorizontally ? x + yogaNode.getComputedBorder(Yoga.EDGE_LEFT) : undefined;
      const x2 = clipHorizontally
        ? x + yogaNode.getComputedWidth() - yogaNode.getComputedBorder(Yoga.EDGE_RIGHT)
        : undefined;
      const y1 = clipVertically ? y + yogaNode.getComputedBorder(Yoga.EDGE_TOP) : undefined;
      const y2 = clipVertically
        ? y + yogaNode.getComputedHeight() - yogaNode.getComputedBorder(Yoga.EDGE_BOTTOM)
        : undefined;
      into.clip({ x1, x2, y1, y2 });
      clipped = true;
    }
  }
  for (const child of node.childNodes) {
    renderNodeToOutput(child as DOMElement, into, {
      offsetX: x,
      offsetY: y,
      transformers: newTransformers,
      skipStaticElements,
    });
  }
  if (clipped) into.unclip();

  if (writes !== undefined) {
    const signature: unknown[] = [];
    collect(node, signature);
    drawn.set(node, { x, y, width, height, style: node.style, signature, writes });
  }
}
