import Driftback
import DriftbackSyntax
import Foundation

/// Finds captures: one folder per capture under a snapshots folder, named by its date-time, with an
/// optional `capture.json` (`capturedAt`, `event`, `iacRevision`).
struct CaptureLocator {
  struct Capture {
    var path: String
    var label: String
    var capturedAt: String?
    var event: String?
    /// The commit that was deployed, when the capture says.
    var iacRevision: String?
  }

  /// The captures under `snapshots`, oldest first (by `capturedAt`, else by name).
  static func captures(in snapshots: String) -> [Capture] {
    guard FileSystem.isDirectory(snapshots) else { return [] }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []
    var captures: [Capture] = []
    for entry in entries where !entry.hasPrefix(".") {
      let path = snapshots.hasSuffix("/") ? snapshots + entry : snapshots + "/" + entry
      guard FileSystem.isDirectory(path) else { continue }
      captures.append(describe(path))
    }
    // By time (capturedAt, else the folder's date-time name), then by name; captures with no time last.
    func time(_ capture: Capture) -> Int {
      capture.capturedAt.flatMap(CaptureTime.seconds) ?? CaptureTime.seconds(capture.label) ?? Int.max
    }
    return captures.sorted { (time($0), $0.label) < (time($1), $1.label) }
  }

  /// Reads a capture folder's metadata.
  static func describe(_ path: String) -> Capture {
    let label = URL(fileURLWithPath: path).lastPathComponent
    var capture = Capture(path: path, label: label)
    if let bytes = FileSystem.readBytes(path + "/capture.json"),
      let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    {
      capture.capturedAt = object["capturedAt"] as? String
      capture.event = object["event"] as? String
      capture.iacRevision = object["iacRevision"] as? String
    }
    return capture
  }

  /// Whether a folder looks like a capture (it has a capture.json).
  static func isCapture(_ path: String) -> Bool { FileSystem.exists(path + "/capture.json") }
}
