// Just enough of ELF to tell which machine a .node file is for and whether it
// was stripped (no .symtab, no .debug_* sections).
import { readFileSync } from "node:fs";

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

export function elf(file: string): { machine: number; sections: string[] } {
  const b = readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) throw new Error(`${file}: not a 64-bit little-endian ELF file`);
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const strtab = shoff + b.readUInt16LE(0x3e) * shentsize;
  const namesAt = Number(b.readBigUInt64LE(strtab + 0x18));
  const sections: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const name = namesAt + b.readUInt32LE(shoff + i * shentsize);
    sections.push(b.toString("latin1", name, b.indexOf(0, name)));
  }
  return { machine: b.readUInt16LE(0x12), sections };
}
