/**
 * The few DOM types that functions run in a page (through evaluate) use. The tests are
 * compiled for Node, without the DOM library, so that no `document` typechecks in src/;
 * a function run in a page takes these from `globalThis as unknown as PageGlobals`.
 */
export interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

export interface PageElement {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly parentElement: PageElement | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly disabled?: boolean;
  scrollTop: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  getClientRects(): { length: number };
  contains(other: PageElement | null): boolean;
}

export interface PageGlobals {
  readonly document: {
    readonly documentElement: PageElement;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement> & ArrayLike<PageElement>;
    elementFromPoint(x: number, y: number): PageElement | null;
  };
  readonly innerHeight: number;
  readonly scrollY: number;
  getComputedStyle(element: PageElement): { visibility: string; overflowX: string; textOverflow: string };
  scrollTo(x: number, y: number): void;
}
