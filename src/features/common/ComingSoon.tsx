import type { TaskFeature } from '../registry';

export function ComingSoon({ feature }: { feature: TaskFeature }) {
  return (
    <section className="panel" aria-labelledby="task-title">
      <h1 id="task-title">{feature.title}</h1>
      <p>{feature.blurb}</p>
      <div className="notice" role="status">
        This task is not available yet. Nothing runs here for now; no result is shown rather than a fake one.
      </div>
      {feature.plan && (
        <>
          <h2>What is coming</h2>
          <ul>
            {feature.plan.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
