/// Realistic manifests and `kubectl get -o yaml` captures for the analyzer suites.
enum AnalyzerSamples {
  static let iacDeployment = """
    # The shop's web front end.
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      labels:
        app: web
    spec:
      replicas: 2
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: nginx:1.25.3
              ports:
                - name: http
                  containerPort: 8080
              env:
                - name: DB_PASSWORD
                  value: s3cr3t-from-iac
              resources:
                requests: {cpu: 100m, memory: 128Mi}
                limits: {cpu: 500m, memory: 256Mi}
              securityContext:
                allowPrivilegeEscalation: false
    ---
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
          targetPort: http
    """

  /// The live Deployment as a `kind: List` item (indented by 2 under `items:`).
  static func liveDeployment(
    replicas: Int = 2, dbPassword: String = "s3cr3t-from-iac",
    securityContext: String = "allowPrivilegeEscalation: false"
  ) -> String {
    """
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "3"
          kubectl.kubernetes.io/last-applied-configuration: |
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"shop"}}
        creationTimestamp: "2026-11-03T10:12:09Z"
        generation: 3
        labels:
          app: web
        name: web
        namespace: shop
        resourceVersion: "45190877"
        uid: 5d1c2b3a-0e4f-4a5b-8c6d-7e8f9a0b1c2d
      spec:
        progressDeadlineSeconds: 600
        replicas: \(replicas)
        revisionHistoryLimit: 10
        selector:
          matchLabels:
            app: web
        strategy:
          rollingUpdate:
            maxSurge: 25%
            maxUnavailable: 25%
          type: RollingUpdate
        template:
          metadata:
            creationTimestamp: null
            labels:
              app: web
          spec:
            containers:
            - env:
              - name: DB_PASSWORD
                value: \(dbPassword)
              image: nginx:1.25.3
              imagePullPolicy: IfNotPresent
              name: web
              ports:
              - containerPort: 8080
                name: http
                protocol: TCP
              resources:
                limits:
                  cpu: 500m
                  memory: 256Mi
                requests:
                  cpu: 100m
                  memory: 128Mi
              securityContext: {\(securityContext)}
              terminationMessagePath: /dev/termination-log
              terminationMessagePolicy: File
            dnsPolicy: ClusterFirst
            restartPolicy: Always
            schedulerName: default-scheduler
            securityContext: {}
            terminationGracePeriodSeconds: 30
      status:
        availableReplicas: 2
        conditions:
        - lastTransitionTime: "2026-11-03T10:12:15Z"
          lastUpdateTime: "2026-11-03T10:12:15Z"
          message: Deployment has minimum availability.
          reason: MinimumReplicasAvailable
          status: "True"
          type: Available
        observedGeneration: 3
        readyReplicas: 2
        replicas: 2
        updatedReplicas: 2
    """
  }

  static let liveService = """
    - apiVersion: v1
      kind: Service
      metadata:
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: |
            {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"web","namespace":"shop"}}
        creationTimestamp: "2026-11-03T10:12:09Z"
        name: web
        namespace: shop
        resourceVersion: "45190702"
        uid: 7c1d9e2f-3a4b-4c5d-9e6f-0a1b2c3d4e5f
      spec:
        clusterIP: 10.96.41.7
        clusterIPs:
        - 10.96.41.7
        internalTrafficPolicy: Cluster
        ipFamilies:
        - IPv4
        ipFamilyPolicy: SingleStack
        ports:
        - name: http
          port: 80
          protocol: TCP
          targetPort: http
        selector:
          app: web
        sessionAffinity: None
        type: ClusterIP
      status:
        loadBalancer: {}
    """

  static func liveEndpoints(name: String) -> String {
    """
    - apiVersion: v1
      kind: Endpoints
      metadata:
        annotations:
          endpoints.kubernetes.io/last-change-trigger-time: "2026-11-21T01:58:44Z"
        creationTimestamp: "2026-11-03T10:12:09Z"
        labels:
          app: web
        name: \(name)
        namespace: shop
        resourceVersion: "45190901"
        uid: 0f1e2d3c-4b5a-4968-8776-655443322110
      subsets:
      - addresses:
        - ip: 10.244.1.17
          nodeName: node-1
          targetRef:
            kind: Pod
            name: web-7d9c6b8f5-x2x7q
            namespace: shop
            uid: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
        ports:
        - name: http
          port: 8080
          protocol: TCP
    """
  }

  static let liveOwnedReplicaSetAndPod = """
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        annotations:
          deployment.kubernetes.io/desired-replicas: "2"
          deployment.kubernetes.io/max-replicas: "3"
          deployment.kubernetes.io/revision: "3"
        creationTimestamp: "2026-11-20T09:30:00Z"
        generation: 1
        labels:
          app: web
          pod-template-hash: 7d9c6b8f5
        name: web-7d9c6b8f5
        namespace: shop
        ownerReferences:
        - apiVersion: apps/v1
          blockOwnerDeletion: true
          controller: true
          kind: Deployment
          name: web
          uid: 5d1c2b3a-0e4f-4a5b-8c6d-7e8f9a0b1c2d
        resourceVersion: "45190870"
        uid: 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web, pod-template-hash: 7d9c6b8f5}
        template:
          metadata:
            labels: {app: web, pod-template-hash: 7d9c6b8f5}
          spec:
            containers:
            - {image: "nginx:1.25.3", name: web}
    - apiVersion: v1
      kind: Pod
      metadata:
        generateName: web-7d9c6b8f5-
        labels: {app: web, pod-template-hash: 7d9c6b8f5}
        name: web-7d9c6b8f5-x2x7q
        namespace: shop
        ownerReferences:
        - {apiVersion: apps/v1, blockOwnerDeletion: true, controller: true, kind: ReplicaSet, name: web-7d9c6b8f5, uid: 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7}
        uid: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
      spec:
        containers:
        - {image: "nginx:1.25.3", name: web}
        nodeName: node-1
      status:
        phase: Running
    """

  static let liveNamespaceDefaults = """
    - apiVersion: v1
      data:
        ca.crt: |
          -----BEGIN CERTIFICATE-----
          MIIDBTCCAe2gAwIBAgIIOgcUVBpmdgUwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE
          -----END CERTIFICATE-----
      kind: ConfigMap
      metadata:
        annotations:
          kubernetes.io/description: Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.
        creationTimestamp: "2026-11-03T10:12:07Z"
        name: kube-root-ca.crt
        namespace: shop
        resourceVersion: "45190544"
        uid: 2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e
    - apiVersion: v1
      kind: ServiceAccount
      metadata:
        creationTimestamp: "2026-11-03T10:12:07Z"
        name: default
        namespace: shop
        resourceVersion: "45190543"
        uid: 6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a
    """

  /// `items` of a `kubectl get -o yaml` List.
  static func liveList(_ items: String...) -> String {
    "apiVersion: v1\nitems:\n" + items.joined(separator: "\n") + "\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
  }

  static let iacNetworkPolicies = """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: web-ingress
      namespace: shop
    spec:
      podSelector:
        matchLabels:
          app: web
      policyTypes: [Ingress]
      ingress:
        - from:
            - podSelector:
                matchLabels:
                  app: gateway
          ports:
            - port: 8080
              protocol: TCP
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: default-deny
      namespace: shop
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
    """

  static func liveNetworkPolicy(extraPeer: Bool) -> String {
    """
    - apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: |
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"annotations":{},"name":"web-ingress","namespace":"shop"}}
        creationTimestamp: "2026-11-03T10:12:09Z"
        generation: 2
        name: web-ingress
        namespace: shop
        resourceVersion: "45190911"
        uid: 4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f
      spec:
        ingress:
        - from:
          - podSelector:
              matchLabels:
                app: gateway
    \(extraPeer ? "      - ipBlock:\n            cidr: 0.0.0.0/0" : "")
          ports:
          - port: 8080
            protocol: TCP
        podSelector:
          matchLabels:
            app: web
        policyTypes:
        - Ingress
    """
  }

  static let iacSecretAndConfig = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
      namespace: shop
    type: Opaque
    data:
      username: c2hvcA==
      password: b2xkLXBhc3N3b3Jk
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      LOG_LEVEL: info
      FEATURES: "search,checkout"
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: feature-flags
      namespace: shop
    data:
      beta: "false"
    """

  static let liveSecret = """
    - apiVersion: v1
      data:
        password: bmV3LXBhc3N3b3JkLTIwMjY=
        username: c2hvcA==
      kind: Secret
      metadata:
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: |
            {"apiVersion":"v1","data":{"password":"b2xkLXBhc3N3b3Jk","username":"c2hvcA=="},"kind":"Secret","metadata":{"annotations":{},"name":"db","namespace":"shop"},"type":"Opaque"}
        creationTimestamp: "2026-11-03T10:12:08Z"
        name: db
        namespace: shop
        resourceVersion: "45190600"
        uid: 8f7e6d5c-4b3a-4291-8f7e-6d5c4b3a2918
      type: Opaque
    """

  static let liveSettings = """
    - apiVersion: v1
      data:
        FEATURES: search,checkout
        LOG_LEVEL: info
      kind: ConfigMap
      metadata:
        creationTimestamp: "2026-11-03T10:12:08Z"
        name: settings
        namespace: shop
        resourceVersion: "45190601"
        uid: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
    """

  static let liveSecretAndConfig = liveSecret + "\n" + liveSettings
}
