import { useEffect, useRef, useState } from 'react';
import type { RunRecord, RunSummary } from '../../store/history/run-record';
import { DeleteButton } from './DeleteButton';
import { RenameField } from './RenameField';
import { RunMeta } from './RunMeta';
import { RunExportMenu } from './RunExportMenu';

/** Props of {@link RunRow}. */
export interface RunRowProps {
  run: RunSummary;
  /** Whether the run is one of the two picked for A/B. */
  picked: boolean;
  /** True when two other runs are picked already. */
  pickDisabled: boolean;
  onPick(picked: boolean): void;
  onOpen(): void;
  onRename(name: string): void;
  onDelete(): void;
  load(): Promise<RunRecord | null>;
}

/**
 * One past run: a checkbox to pick it for A/B, its name (renamed inline), start time, recipe
 * summary and final test accuracy, and the buttons Open, Rename, Delete (confirmed) and Export.
 */
export function RunRow(props: RunRowProps) {
  const { run, picked, pickDisabled } = props;
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  useEffect(() => {
    if (!renaming && wasRenaming.current) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  return (
    <li className="run-row" data-testid="run-row" data-run-id={run.id} data-phase={run.phase}>
      <input
        type="checkbox"
        checked={picked}
        disabled={pickDisabled && !picked}
        aria-label={`Pick “${run.name}” for the A/B comparison`}
        onChange={(e) => props.onPick(e.currentTarget.checked)}
      />
      <div className="run-main">
        {renaming ? (
          <RenameField
            name={run.name}
            onSave={(name) => {
              props.onRename(name);
              setRenaming(false);
            }}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          <strong className="run-name" data-testid="run-name">
            {run.name}
          </strong>
        )}
        <RunMeta run={run} />
      </div>
      <div className="run-actions">
        <button type="button" onClick={props.onOpen} aria-label={`Open “${run.name}”`}>
          Open
        </button>
        <button
          type="button"
          ref={renameButton}
          onClick={() => setRenaming(true)}
          disabled={renaming}
          aria-label={`Rename “${run.name}”`}
        >
          Rename
        </button>
        <DeleteButton name={run.name} onConfirm={props.onDelete} />
        <RunExportMenu run={run} load={props.load} />
      </div>
    </li>
  );
}
