# Sourced by the scripts that build the addon another way (test-asan.sh,
# coverage-native.sh): package_copy OUT copies the package tree (sources,
# tests, examples, demo, scripts...) into OUT, except dependencies, builds,
# prebuilds and .git, links node_modules and builds dist/ there. Tests run
# from OUT then load OUT/build/Release only: build/Release is never touched.
package_copy() {
  local root out=$1
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  mkdir -p "$out"
  find "$out" -mindepth 1 -maxdepth 1 ! -name build ! -name node_modules -exec rm -rf {} +
  tar -C "$root" --exclude=./node_modules --exclude=./build --exclude='./build-*' --exclude=./.git --exclude=./prebuilds -cf - . | tar -C "$out" -xf -
  ln -sfn "$root/node_modules" "$out/node_modules"
  (cd "$out" && npm run --silent build:ts)
}

# loaded_addon DIR [ENV...]: the addon file dist/ in DIR loads (from /proc/self/maps), or "none".
loaded_addon() {
  local dir=$1
  shift
  (cd "$dir" && env "$@" node -e "import('./dist/index.js').then(() => console.log(require('fs').readFileSync('/proc/self/maps', 'utf8').split('\n').find((l) => l.includes('berkeley_sockets.node'))?.split(' ').pop() ?? 'none'))")
}
