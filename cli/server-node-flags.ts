// The Node flags a textdesk server runs with. Every message in flight between its arrival and its
// commit lives in V8's young generation; at the default 16 MiB semi-space a busy server scavenges
// so often that copying those survivors again and again cost about a fifth of its CPU (bench:
// web chat closed loop, 6.3k → 7.9k msg/s median of three, CPU per message −20 %). A larger young
// generation costs at most a few hundred MiB of address space and shows as ~100 MiB of RSS.
// V8 sizes the heap only at start-up (v8.setFlagsFromString is too late), so the flags go on the
// command line: the binary's shebang carries them (a test keeps it equal to this list), and
// everything that spawns a server passes them.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
