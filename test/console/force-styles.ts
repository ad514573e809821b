// Import this FIRST in a test file that asserts on styles (the composer's cursor is nothing but
// an inverse cell). Ink's chalk picks its colour level once, when it is first imported, and
// drops all styles when stdout is not a terminal, as under vitest.
process.env.FORCE_COLOR = '1';
