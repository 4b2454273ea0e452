import { createSignal, type JSX } from 'solid-js';

/**
 * A place to drop one file, with a button that opens the file picker for those who do not drag:
 * a lab package on the packages page, an exhibit in the lab editor. `children` shows the file chosen.
 */
export function FileDropZone(props: {
  testId: string;
  /** The zone's accessible name, its prompt, the picker button's text and the hidden input's label. */
  label: string;
  prompt: string;
  chooseLabel: string;
  fileLabel: string;
  inputId: string;
  accept?: string;
  /** Called with the file dropped or picked (undefined when the picker was closed without one). */
  onFile: (file: File | undefined) => void;
  /** The file input, so that a page can clear it after an upload (the same file can then be chosen again). */
  inputRef?: (input: HTMLInputElement) => void;
  children?: JSX.Element;
}) {
  const [dragging, setDragging] = createSignal(false);
  return (
    <div
      class="drop-zone"
      role="group"
      aria-label={props.label}
      classList={{ dragging: dragging() }}
      data-testid={props.testId}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        props.onFile(event.dataTransfer?.files[0]);
      }}
    >
      <p>{props.prompt}</p>
      <label class="button" for={props.inputId}>
        {props.chooseLabel}
      </label>
      <input
        ref={(input) => props.inputRef?.(input)}
        id={props.inputId}
        type="file"
        accept={props.accept}
        class="visually-hidden"
        aria-label={props.fileLabel}
        onChange={(event) => props.onFile(event.currentTarget.files?.[0])}
      />
      {props.children}
    </div>
  );
}
