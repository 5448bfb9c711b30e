// Explicit state machines with string-enum states and a transition guard (after SIP.js): an
// illegal transition is a bug, so it throws instead of silently corrupting protocol state.

export class StateMachine<S extends string> {
  private state: S;

  constructor(
    initial: S,
    private readonly allowed: Readonly<Record<S, readonly S[]>>,
    private readonly name: string,
    private readonly onChange?: (from: S, to: S) => void,
  ) {
    this.state = initial;
  }

  get current(): S {
    return this.state;
  }

  is(...states: readonly S[]): boolean {
    return states.includes(this.state);
  }

  to(next: S): void {
    if (next === this.state) return;
    if (!this.allowed[this.state].includes(next)) {
      throw new Error(`${this.name}: illegal transition ${this.state} → ${next}`);
    }
    const from = this.state;
    this.state = next;
    this.onChange?.(from, next);
  }
}
