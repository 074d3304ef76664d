/** Strings the ring holds many times over (sources, processes, task ids), each stored once and referred to by number. */
export class NameTable {
  private names: string[] = []
  private ids = new Map<string, number>()
  /** The table's size when it was last rebuilt from the lines still held (see `replaceWith`). */
  sizeAfterCompaction = 0

  get size(): number {
    return this.names.length
  }

  id(name: string): number {
    let id = this.ids.get(name)
    if (id === undefined) {
      id = this.names.push(name) - 1
      this.ids.set(name, id)
    }
    return id
  }

  name(id: number): string {
    return this.names[id]!
  }

  /** Takes over another table's contents (built from the held lines only); ids given out before are void. */
  replaceWith(next: NameTable): void {
    this.names = next.names
    this.ids = next.ids
    this.sizeAfterCompaction = next.names.length
  }
}
