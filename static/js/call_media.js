// The browser's media for the call: the microphone's constraints, the camera's track, the
// device lists, and the TURN/STUN servers the page asks the server for. No call logic here.

const CAMERA = { width: 320, height: 240, frameRate: 15 }; // small tiles never need more

/** getUserMedia's audio constraints: the speech filters on, and a chosen device if any. */
export function audioConstraints(deviceId) {
  const base = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
}

export async function microphone(deviceId) {
  return navigator.mediaDevices.getUserMedia({ audio: audioConstraints(deviceId) });
}

export async function cameraTrack() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA });
  return stream.getVideoTracks()[0];
}

/** The ICE servers (with short-lived TURN credentials) for this page's user. */
export async function fetchIceServers(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`the ICE servers are unavailable (HTTP ${response.status})`);
  const body = await response.json();
  return body.ice_servers || [];
}

/** The options of a device picker: "Default" first, then each device of `kind` by label. */
export function deviceOptions(devices, kind) {
  const options = [{ label: "Default", value: "" }];
  for (const d of devices.filter((x) => x.kind === kind && x.deviceId && x.deviceId !== "default")) {
    options.push({ label: d.label || `${kind} ${options.length}`, value: d.deviceId });
  }
  return options;
}

/** Fill the microphone and speaker pickers with what the browser lists now. */
export async function fillDevicePickers({ mic, speaker, micId, speakerId }) {
  if (!navigator.mediaDevices?.enumerateDevices) return;
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const [select, kind, current] of [[mic, "audioinput", micId], [speaker, "audiooutput", speakerId]]) {
    if (!select) continue;
    select.replaceChildren(...deviceOptions(devices, kind).map((o) => new Option(o.label, o.value)));
    select.value = current || "";
  }
  if (speaker && !HTMLMediaElement.prototype.setSinkId) speaker.disabled = true;
}
