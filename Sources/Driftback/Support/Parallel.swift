import Dispatch

/// Runs independent work on every core and returns the results in input order.
enum Parallel {
  /// `body(0..<count)` in parallel; results keep their index.
  static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    let box = SlotBox(slots: slots)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      // Each index is written by exactly one iteration.
      box.slots[index] = body(index)
    }
    // Every slot was written above; compactMap keeps this free of a trap all the same.
    return slots.compactMap { $0 }
  }
}

/// Distinct indexes are written from distinct threads; nothing is read until all writes are done.
private struct SlotBox<T>: @unchecked Sendable {
  let slots: UnsafeMutableBufferPointer<T?>
}
