// Inline IaC fixtures for the back-port tests: realistic, commented manifests in the styles people write.

enum BackportManifests {
  /// Two documents: a Deployment (indented lists, mixed quoting, a flow list) and a Service.
  static let web = """
    # Storefront web tier: Deployment + Service.
    # The release pipeline bumps the image tag below; do not edit it by hand.
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      labels:
        app: web
        app.kubernetes.io/part-of: shop
      annotations:
        # who gets paged
        owner: "team-storefront"
    spec:
      replicas: 3 # raised by hand during the autumn sale
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          automountServiceAccountToken: yes
          containers:
            - name: web
              image: "ghcr.io/acme/shop-web:1.4.2"
              args: ["--port=8080", "--log-format=json"]
              ports:
                - name: http
                  containerPort: 8080
              env:
                - name: LOG_LEVEL
                  value: info
                - name: DB_HOST
                  value: 'db.shop.svc.cluster.local'
              resources:
                requests:
                  cpu: 250m
                  memory: 256Mi
                limits:
                  cpu: 1 # one full core for server-side rendering bursts
                  memory: 512Mi
    ---
    # ClusterIP service in front of the web pods.
    apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: shop
    spec:
      selector:
        app: web
      ports:
        - name: http
          port: 80
          targetPort: http # named port, resolves to 8080

    """

  /// A ConfigMap with block scalars: literal with a trailing blank line, folded, keep, and an explicit
  /// indentation indicator.
  static let config = """
    # Runtime settings shared by web (nginx.conf) and api (envFrom).
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: shop-config
      namespace: shop
    data:
      LOG_LEVEL: info
      CACHE_TTL_SECONDS: "300" # quoted: ConfigMap values must be strings
      FEATURE_FLAGS: 'checkout-v2,wishlist'
      nginx.conf: |
        # served by the web container on :8080
        server {
          listen 8080;
        }

      # shown on the maintenance page
      motd: >-
        We are upgrading the shop.

        Back soon.
      banner.txt: |2
          *** shop ***
        welcome
      keep.txt: |+
        kept

      tail: end

    """

  /// kubectl's own style: sequences not indented under their key, flow maps, empty values.
  static let service = """
    apiVersion: v1
    kind: Service
    metadata:
      name: api
      namespace: shop
      annotations: {}
      labels: {app: api, tier: "backend"}
    spec:
      type: ClusterIP
      selector:
        app: api
      ports:
      - name: http
        port: 80
        targetPort: 8080
      - name: metrics
        port: 9090
      ipFamilies:
      - IPv4
      sessionAffinity:
      externalIPs: []

    """

  /// `kubectl get -o json` style, four-space indentation.
  static let json = """
    {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": "api",
            "namespace": "shop",
            "labels": {
                "app": "api"
            },
            "annotations": {}
        },
        "spec": {
            "ports": [
                {
                    "name": "http",
                    "port": 80
                }
            ],
            "selector": {"app": "api"},
            "type": "ClusterIP"
        }
    }

    """

  /// Anchors, aliases and merge keys.
  static let anchors = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels: &labels
        app: web
    spec:
      selector:
        matchLabels: *labels
      template:
        metadata:
          labels:
            <<: *labels
            tier: frontend
        spec:
          containers:
          - name: web
            image: nginx
            command: !!seq
            - nginx
            note: !!str 12

    """

  /// Less common syntax: document markers, quoted keys, an unused anchor, a dash alone on its line, a
  /// block scalar as a list item, flow collections over several lines with a comment inside.
  static let tricky = """
    --- # nightly batch
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: "nightly"
      labels:
        "app.kubernetes.io/name": nightly
      annotations: &notes
        note: kept as is
        script: |-  # runs before the job
          set -e
          run
    spec:
      schedule: '0 3 * * *'
      jobTemplate:
        metadata:
          annotations: {matrix: [[1, 2], [3]], "a b": "c d"}
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
              -
                name: job
                image: busybox
                command:
                - sh
                - -c
                - |
                  echo start
                  run-job
                env: [{name: A, value: "1"}, {name: B, value: '2'}]
                resources: {
                  limits: {cpu: 100m},   # flow map over lines
                  requests: {cpu: 50m}
                }
              tolerations:
                # none yet
                - key: dedicated
                  operator: Equal

                  # the batch pool
                  value: batch
                  effect: NoSchedule
    ...

    """

  /// A `kind: List` whose items are the objects.
  static let list = """
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: first
      data:
        mode: fast
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: second
      data:
        mode: slow # tuned

    """
}

extension String {
  /// The text with `old` replaced by `new`; `old` must occur exactly once (golden edits stay precise).
  func replacingOnce(_ old: String, with new: String) -> String {
    let parts = split(old)
    precondition(parts.count == 2, "\(old.debugDescription) occurs \(parts.count - 1) times")
    return parts[0] + new + parts[1]
  }

  private func split(_ separator: String) -> [String] {
    var parts: [String] = []
    var rest = Substring(self)
    while let range = rest.occurrence(of: separator) {
      parts.append(String(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }
}

extension Substring {
  /// The first range of `needle` (no Foundation).
  fileprivate func occurrence(of needle: String) -> Range<Index>? {
    guard !needle.isEmpty else { return nil }
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
      index = self.index(after: index)
    }
    return nil
  }
}
