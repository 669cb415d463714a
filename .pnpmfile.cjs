// typescript-eslint's type-aware rules run on TypeScript's JavaScript API, which TypeScript 7 (the
// native compiler the workspace type-checks with) no longer has. So its packages get their own
// TypeScript 6 instead of the workspace's as a peer (docs/development.md, "Lint").
const LINT_TYPESCRIPT = 'npm:typescript@6.0.3';

function usesLintTypescript(name) {
  return name === 'typescript-eslint' || name.startsWith('@typescript-eslint/') || name === 'ts-api-utils';
}

module.exports = {
  hooks: {
    readPackage(pkg) {
      if (usesLintTypescript(pkg.name) && pkg.peerDependencies && pkg.peerDependencies.typescript) {
        delete pkg.peerDependencies.typescript;
        pkg.dependencies = { ...pkg.dependencies, typescript: LINT_TYPESCRIPT };
      }
      return pkg;
    },
  },
};
