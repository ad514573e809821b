// Which operators have a console connected, counted per operator (several tabs or machines
// count once). Built before the Directory (its operator view shows who is connected) and
// Presence (which acts when the first connection opens or the last one closes).
export class Connections {
  private readonly counts = new Map<string, number>();

  isConnected(operatorId: string): boolean {
    return (this.counts.get(operatorId) ?? 0) > 0;
  }

  connectedCount(): number {
    return this.counts.size;
  }

  /** Counts a new connection; true when it is the operator's first. */
  open(operatorId: string): boolean {
    const count = (this.counts.get(operatorId) ?? 0) + 1;
    this.counts.set(operatorId, count);
    return count === 1;
  }

  /** Counts a closed connection; true when it was the operator's last. */
  close(operatorId: string): boolean {
    const count = (this.counts.get(operatorId) ?? 1) - 1;
    if (count > 0) {
      this.counts.set(operatorId, count);
      return false;
    }
    this.counts.delete(operatorId);
    return true;
  }
}
