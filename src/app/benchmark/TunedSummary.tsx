/** Settings: what Automatic uses where "Tune for this device" chose, and why. */
import { useEffect, useState } from 'react';
import { FEATURES } from '../../features/registry';
import { getCapabilities } from '../../runtime/capabilities';
import { describeDevice, deviceKey } from '../../runtime/device';
import { loadTuning, onTuningChanged, tunedWhy, type TuningRecord } from '../../runtime/tuning';

export function TunedSummary({ active }: { active: boolean }) {
  const [tuning, setTuning] = useState<TuningRecord>();
  useEffect(() => {
    let key: string | undefined;
    const read = () => key && setTuning(loadTuning(key));
    void getCapabilities().then((caps) => {
      key = deviceKey(describeDevice(caps));
      read();
    });
    return onTuningChanged(read);
  }, []);
  const tasks = FEATURES.filter((f) => tuning?.choices[f.task]);
  if (!tasks.length)
    return (
      <p className="muted small" data-testid="settings-not-tuned">
        Not tuned for this device: <a href="#/benchmark">Tune for this device</a> measures the fastest settings.
      </p>
    );
  return (
    <div className="small" data-testid="settings-tuned">
      <p className="muted">
        {active
          ? 'Automatic uses the settings tuned for this device (the rules above for other models):'
          : 'Tuned for this device (used when backend and threads are Automatic):'}
      </p>
      <ul>
        {tasks.map((f) => (
          <li key={f.task} data-task={f.task}>
            {f.title}: {tunedWhy(tuning!.choices[f.task]!)}
          </li>
        ))}
      </ul>
    </div>
  );
}
