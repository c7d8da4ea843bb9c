// The C side of the struct-layout check: a program that prints sizeof and each
// field's offset and size for every struct of a layout table (the addon's, from
// native/layout.cc), and the lines it prints when the table is right.
// test/struct.test.ts compiles it here; test/package/arm64.test.ts compiles it
// for arm64 and compares it with the arm64 prebuild's table under qemu.
import type { StructLayout } from "../src/native.js";
import { root } from "./helpers.js";

type Layouts = Readonly<Record<string, StructLayout>>;

// Types the table names without a struct tag.
const ctype: Record<string, string> = { fd_set: "fd_set", epoll_data: "union epoll_data" };
// fd_set's one field is glibc-private (__fds_bits): its size only.
const sizeOnly = new Set(["fd_set"]);

/** A C program printing "name size" and "name.field offset size" for each struct in the table. */
export function layoutProgram(layout: Layouts): string {
  const lines: string[] = [];
  for (const [name, l] of Object.entries(layout)) {
    const t = ctype[name] ?? `struct ${name}`;
    lines.push(`printf("%s %zu\\n", "${name}", sizeof(${t}));`);
    if (sizeOnly.has(name)) continue;
    for (const field of Object.keys(l.fields)) {
      lines.push(`printf("%s.%s %zu %zu\\n", "${name}", "${field}", offsetof(${t}, ${field}), sizeof(((${t}*)0)->${field}));`);
    }
  }
  return `#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include "${root}/native/platform.h"
int main(void) {
${lines.join("\n")}
return 0;
}
`;
}

/** What layoutProgram(layout) prints when the table agrees with the C compiler. */
export function layoutLines(layout: Layouts): string[] {
  const lines: string[] = [];
  for (const [name, l] of Object.entries(layout)) {
    lines.push(`${name} ${l.size}`);
    if (sizeOnly.has(name)) continue;
    for (const [field, [off, size]] of Object.entries(l.fields)) lines.push(`${name}.${field} ${off} ${size}`);
  }
  return lines;
}
