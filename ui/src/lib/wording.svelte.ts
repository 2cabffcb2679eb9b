// A wording being edited (a letter's, the privacy notice's): its text, what
// the core makes of it (a preview, or the mistake in plain words) checked a
// moment after the person stops typing, and what was last done.
import { isApiError } from './api';

export class Wording<P> {
  text = $state('');
  /** The text as last loaded or saved. */
  kept = $state('');
  shown = $state<P | undefined>(undefined);
  error = $state('');
  notice = $state('');
  #preview: (text: string) => Promise<P>;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(preview: (text: string) => Promise<P>) {
    this.#preview = preview;
  }

  failed = (e: unknown): void => {
    this.error = isApiError(e) ? e.message : String(e);
  };

  say = (message: string): void => {
    this.notice = message;
  };

  /** Changed since it was last loaded or saved. */
  get changed(): boolean {
    return this.text !== this.kept;
  }

  async check(): Promise<void> {
    try {
      this.shown = await this.#preview(this.text);
      this.error = '';
    } catch (e) {
      this.failed(e);
    }
  }

  /** The person changed the text: checked once they pause. */
  edited(text: string = this.text): void {
    this.text = text;
    this.notice = '';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.check(), 300);
  }

  /** Takes a wording from the core (loaded, reset, restored) and checks it. */
  async take(text: Promise<string>, notice = ''): Promise<void> {
    try {
      this.text = await text;
      this.kept = this.text;
      this.notice = notice;
      await this.check();
    } catch (e) {
      this.failed(e);
    }
  }

  async save(save: (text: string) => Promise<unknown>, notice: string): Promise<boolean> {
    try {
      await save(this.text);
      this.kept = this.text;
      this.notice = notice;
      this.error = '';
      return true;
    } catch (e) {
      this.failed(e);
      return false;
    }
  }
}
