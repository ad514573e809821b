// Imported first by benches that render Ink: React picks its build when first loaded, and the
// console command runs the production one.
process.env.NODE_ENV ??= 'production';
