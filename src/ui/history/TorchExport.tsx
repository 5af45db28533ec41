import { useId, useState } from 'react';
import { defaultRunName } from '../../store/history/run-record';
import { useLab } from '../../store/lab-store';
import { saveTorchExport, TORCH_EXPORT_BUSY } from './save-torch-export';

/**
 * The recipe set now as a runnable PyTorch train.py (a ZIP with the data asset): no run needed.
 * The status line says how to run it, or names each setting the exporter cannot express yet.
 */
export function TorchExport() {
  const hintId = useId();
  const recipe = useLab((s) => s.recipe);
  const [status, setStatus] = useState('');
  const save = async () => {
    setStatus(TORCH_EXPORT_BUSY);
    setStatus(await saveTorchExport(recipe, defaultRunName(recipe)));
  };
  return (
    <>
      <div className="run-current-row">
        <button type="button" aria-describedby={hintId} onClick={() => void save()}>
          PyTorch script (ZIP)
        </button>
        <span role="status" className="hint-muted" data-testid="torch-export-status">
          {status}
        </span>
      </div>
      <p id={hintId} className="hint-muted">
        This recipe as one train.py (torch only) with the data set: python3 train.py, or torchrun on
        a cluster. It reproduces the lab’s training and is cross-checked against it.
      </p>
    </>
  );
}
