/** Detection parameters shared by the worker, the UI and the Node equivalence test. */

/** The worker returns every detection with at least this score, so the threshold slider never re-runs the model. */
export const MIN_SCORE = 0.05;
/** Default score threshold for display and export. */
export const DEFAULT_THRESHOLD = 0.25;
/** Class-aware NMS: a box is dropped when it overlaps a higher-scoring box of its class by more than this IoU. */
export const IOU_THRESHOLD = 0.45;
/** Files are decoded at most this large before the model's own resize (huge photos are downscaled first). */
export const DECODE_MAX_SIDE = 1024;
/**
 * Letterbox pad value. YOLOX's demo pads with 114; on the test photos 0 gave the same boxes and cat scores
 * but fewer spurious detections in the padded area (with 114: a "person" at 0.251 on the cats photo and a
 * "cat" at 0.255 over the dog; with 0: neither), and the model folder's preprocessor_config.json pads with 0.
 */
export const PAD_VALUE = 0;
