// A keystroke's frame is drawn at once, not at the end of Ink's frame throttle. Ink 6.8 throttles
// frames to `maxFps` with es-toolkit's `throttle`, which is a debounce with a `maxWait`: a commit
// within 1000/maxFps ms (17 ms at 60 fps) of the last frame waits for the trailing edge, and each
// further commit in that window pushes the edge back. So a key pressed just after a clock tick or
// a desk update, or typed fast, waited up to 17 ms for its frame, whatever the frame cost. Desk
// updates keep the throttle (a burst of events draws at most 60 frames a second); the commit that
// follows terminal input draws on the spot.
// Ink's instance and its throttle are not exported; they are reached by path, as
// screen-renderer.ts reaches log-update.
import inkInstances from '../../node_modules/ink/build/instances.js';

/** What this reads of Ink's instance (ink.js); absent fields leave Ink as it is. */
type InkInternals = {
  rootNode?: { onRender?: () => void };
  onRender?: () => void;
  throttledOnRender?: { cancel(): void };
};

/**
 * Makes the Ink instance drawing on `stdout` draw the commit after input from `stdin` at once.
 * Returns whether it could (an Ink without a throttle, or built differently, is left alone).
 */
export function drawInputFramesAtOnce(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): boolean {
  const ink = (inkInstances as unknown as WeakMap<object, InkInternals>).get(stdout);
  const rootNode = ink?.rootNode;
  const throttledRender = rootNode?.onRender;
  const draw = ink?.onRender;
  const throttle = ink?.throttledOnRender;
  if (!rootNode || !throttledRender || !draw || !throttle) return false;
  let input = false;
  // Ink handles input in its own 'readable' listener and React commits after it: the flag is set
  // before either. A key that changes nothing leaves it set, and the next commit is drawn at once
  // too: one early frame, never a late one.
  stdin.prependListener('readable', () => {
    input = true;
  });
  rootNode.onRender = () => {
    if (!input) return throttledRender();
    input = false;
    // The pending trailing frame, if any, is this one: it draws the tree as it is now.
    throttle.cancel();
    draw();
  };
  return true;
}
