/**
 * Live camera: frames go to the detection worker as transferable ImageBitmaps, at most one in flight
 * (frames that arrive while the worker is busy are dropped, so nothing queues up); FPS and latency readout;
 * front/back switch where the device has more than one camera; Stop releases the camera.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError } from '../../protocol/errors';
import type { Backend } from '../../protocol/messages';
import { runTask, type TaskRun } from '../../runtime/tasks';
import { drawDetections, MIN_SCORE, visibleDetections } from './overlay';
import type { Detection } from './yolox';

const TASK = 'object-detection' as const;

/** A clear sentence for each way getUserMedia can fail. */
export function cameraErrorMessage(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera permission was denied. Allow camera access for this site in your browser’s settings, then press Start camera again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found on this device.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another app may be using it.';
    default:
      return `The camera could not be started: ${err instanceof Error ? err.message : String(err)}`;
  }
}

interface Stats {
  frames: number;
  dropped: number;
  fps: number;
  latencyMs: number;
  modelMs: number;
  backend?: Backend;
}

export function LiveCamera({ modelId, threshold }: { modelId: string; threshold: number }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const inFlight = useRef<TaskRun | null>(null);
  const active = useRef(false);
  const last = useRef<{ dets: Detection[]; width: number; height: number } | null>(null);
  const done = useRef<number[]>([]);
  const [status, setStatus] = useState<'stopped' | 'starting' | 'running'>('stopped');
  const [error, setError] = useState<string>();
  const [facing, setFacing] = useState<'user' | 'environment'>('environment');
  const [cameras, setCameras] = useState(0);
  const [stats, setStats] = useState<Stats>({ frames: 0, dropped: 0, fps: 0, latencyMs: 0, modelMs: 0 });
  const [labels, setLabels] = useState<string[]>([]);
  const busy = useRef(false);
  /** Bumped by stop(): callbacks of an earlier session leave the new one alone. */
  const gen = useRef(0);
  const counters = useRef({ frames: 0, dropped: 0 });
  const thresholdRef = useRef(threshold);
  thresholdRef.current = threshold;

  const redraw = useCallback(() => {
    const c = canvas.current;
    const l = last.current;
    if (!c || !l) return;
    if (c.width !== l.width || c.height !== l.height) {
      c.width = l.width;
      c.height = l.height;
    }
    const ctx = c.getContext('2d')!;
    ctx.clearRect(0, 0, c.width, c.height);
    const dets = visibleDetections(l.dets, thresholdRef.current);
    drawDetections(ctx, dets, 1, c.width, c.height);
    setLabels(dets.map((d) => d.label));
  }, []);
  useEffect(redraw, [threshold, redraw]);

  const stop = useCallback(() => {
    active.current = false;
    gen.current++;
    busy.current = false;
    inFlight.current?.cancel();
    inFlight.current = null;
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    last.current = null;
    canvas.current?.getContext('2d')?.clearRect(0, 0, canvas.current.width, canvas.current.height);
    setLabels([]);
    setStatus('stopped');
  }, []);

  /** Called for every video frame: sends it when the worker is free, drops it otherwise. */
  const loop = useCallback(() => {
    const v = video.current;
    if (!active.current || !v) return;
    if ('requestVideoFrameCallback' in v) v.requestVideoFrameCallback(() => loop());
    else requestAnimationFrame(() => loop());
    if (busy.current) {
      counters.current.dropped++;
      return;
    }
    if (v.readyState < 2 || !v.videoWidth) return;
    busy.current = true;
    const myGen = gen.current;
    const t0 = performance.now();
    const name = `frame-${counters.current.frames + 1}`;
    void createImageBitmap(v)
      .then((bitmap) => {
        if (!active.current) {
          bitmap.close();
          return;
        }
        const r = runTask(TASK, modelId, [{ kind: 'bitmap', bitmap, name }], {}, { minScore: MIN_SCORE }, [bitmap]);
        inFlight.current = r;
        return r.promise.then((out) => {
          if (inFlight.current !== r || !active.current) return;
          const item = out.items[0];
          if (item?.error) throw new AppError(item.error.code, item.error.message);
          const o = item?.output;
          if (!o) throw new AppError('internal', 'The frame gave no result.');
          last.current = { dets: o.detections, width: o.width, height: o.height };
          redraw();
          const now = performance.now();
          done.current = [...done.current.filter((t) => now - t < 3000), now];
          const span = (now - done.current[0]) / 1000;
          counters.current.frames++;
          setStats({
            frames: counters.current.frames,
            dropped: counters.current.dropped,
            fps: done.current.length > 1 && span > 0 ? (done.current.length - 1) / span : 0,
            latencyMs: now - t0,
            modelMs: o.timing.model,
            backend: out.info.backend,
          });
        });
      })
      .catch((err) => {
        if (!active.current || (err instanceof AppError && err.code === 'cancelled')) return;
        // A WebGPU failure is not retried for a transferred frame; the next frame runs on WASM.
        if (err instanceof AppError && err.code === 'backend') return;
        setError(err instanceof AppError ? err.message : String(err));
        stop();
      })
      .finally(() => {
        if (gen.current !== myGen) return; // stopped (and maybe restarted) meanwhile
        inFlight.current = null;
        busy.current = false;
      });
  }, [modelId, redraw, stop]);

  const start = useCallback(
    async (which = facing) => {
      stop();
      setError(undefined);
      if (!navigator.mediaDevices?.getUserMedia) {
        setError('This browser cannot use a camera here (a camera needs a secure page: https or localhost).');
        return;
      }
      setStatus('starting');
      try {
        const s = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: which }, width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        });
        stream.current = s;
        const v = video.current!;
        v.srcObject = s;
        await v.play();
        const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
        setCameras(devices.filter((d) => d.kind === 'videoinput').length);
        done.current = [];
        counters.current = { frames: 0, dropped: 0 };
        setStats({ frames: 0, dropped: 0, fps: 0, latencyMs: 0, modelMs: 0 });
        active.current = true;
        setStatus('running');
        loop();
      } catch (err) {
        stop();
        setError(cameraErrorMessage(err));
      }
    },
    [facing, loop, stop],
  );

  // Release the camera when leaving the page or switching to images.
  useEffect(() => stop, [stop]);

  return (
    <div data-testid="camera" data-camera={status} data-frames={stats.frames}>
      <div className="det-camera-bar">
        {status === 'stopped' ? (
          <button type="button" onClick={() => void start()}>
            Start camera
          </button>
        ) : (
          <button type="button" onClick={stop}>
            Stop camera
          </button>
        )}
        {cameras > 1 && (
          <button
            type="button"
            onClick={() => {
              const next = facing === 'user' ? 'environment' : 'user';
              setFacing(next);
              if (status !== 'stopped') void start(next);
            }}
          >
            Switch to {facing === 'user' ? 'back' : 'front'} camera
          </button>
        )}
        {status !== 'stopped' && (
          <span className="det-readout muted" role="status" data-testid="camera-readout" data-fps={stats.fps.toFixed(2)}>
            {status === 'starting' || stats.frames === 0
              ? 'Starting… (the first frame also loads the model)'
              : `${stats.fps.toFixed(1)} FPS · latency ${stats.latencyMs.toFixed(0)} ms (model ${stats.modelMs.toFixed(0)} ms) · ${stats.backend === 'webgpu' ? 'WebGPU' : 'WASM'} · ${stats.frames} frames, ${stats.dropped} dropped while busy`}
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert" data-testid="camera-error">
          {error}
        </p>
      )}
      <div className="det-figure" hidden={status === 'stopped'}>
        <video ref={video} muted playsInline aria-label="Camera preview" />
        <canvas ref={canvas} aria-hidden="true" />
      </div>
      {status === 'running' && (
        <p className="muted small" data-testid="camera-labels">
          {labels.length ? `Seen: ${[...new Set(labels)].join(', ')}` : 'No objects in view.'}
        </p>
      )}
    </div>
  );
}
