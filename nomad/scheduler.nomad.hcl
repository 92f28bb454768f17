# The scheduler nodes (cluster roles scheduler and api): two or more, on distinct hosts. Each serves
# the HTTP API; the scheduler singleton lives on the oldest and moves when it leaves. nomad/README.md
# says what the Nomad cluster must offer first; docs/operations.md how to deploy, upgrade and rotate
# secrets.

variable "image" {
  description = "The scheduler node's image (scripts/build-node-images.sh), loaded on every scheduler host."
  type        = string
  default     = "autograder-scheduler:0.1.0-SNAPSHOT"
}

job "autograder-scheduler" {
  namespace = "autograder"
  type      = "service"

  # One node at a time, the next only once the new one passes its health check: the other node keeps
  # the API up, and the singleton moves at most once per node.
  update {
    max_parallel      = 1
    health_check      = "checks"
    min_healthy_time  = "30s"
    healthy_deadline  = "5m"
    progress_deadline = "10m"
    auto_revert       = true
  }

  group "scheduler" {
    count = 2

    # The seed nodes (seed_nodes in the Nomad variable nomad/jobs) are the hosts marked with client
    # meta autograder_scheduler = "true", each on the static cluster port below. Mark a spare host
    # too, so that a failed node has somewhere to go.
    constraint {
      attribute = "${meta.autograder_scheduler}"
      value     = "true"
    }
    constraint {
      operator = "distinct_hosts"
      value    = "true"
    }

    network {
      mode = "host"
      port "cluster" {
        static = 25520
      }
      port "http" {}
    }

    # The API for the load balancer, and /metrics for Prometheus (the autoscaler reads the queues
    # there), which Prometheus reads with the scrape token metrics_token as its bearer token.
    service {
      name     = "autograder-api"
      provider = "nomad"
      port     = "http"
      tags     = ["http", "prometheus"]

      # 200 once this node is a cluster member and its database answers, 503 while not.
      check {
        name     = "ready"
        type     = "http"
        path     = "/ready"
        interval = "10s"
        timeout  = "5s"
      }
    }

    # A scheduler node that leaves the cluster or is downed ends its process: Nomad starts it again
    # after a pause, and elsewhere when it keeps failing.
    restart {
      attempts = 3
      interval = "10m"
      delay    = "20s"
      mode     = "fail"
    }
    reschedule {
      delay          = "30s"
      delay_function = "exponential"
      max_delay      = "5m"
      unlimited      = true
    }

    task "scheduler" {
      driver = "docker"

      config {
        image = var.image
        # The host's network: the cluster address is the host's, on the ports above.
        network_mode = "host"
      }

      # SIGTERM runs Pekko's coordinated shutdown: the node leaves the cluster and hands the singleton
      # and its shards over before this runs out.
      kill_timeout = "45s"

      # Secrets come from Nomad variables (docs/operations.md, "Secrets"). A changed value takes
      # effect at the node's next start, one node at a time ("Rotate secrets"), never all at once.
      template {
        destination = "secrets/autograder.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          AUTOGRADER_SEED_NODES={{ .seed_nodes }}
          {{- end }}
          {{- with nomadVar "nomad/jobs/autograder-scheduler" }}
          AUTOGRADER_DB_URL={{ .db_url }}
          AUTOGRADER_DB_USER={{ .db_user }}
          AUTOGRADER_DB_PASSWORD={{ .db_password }}
          AUTOGRADER_ADMIN_PASSWORD={{ .admin_password }}
          AUTOGRADER_METRICS_TOKEN={{ .metrics_token }}
          {{- end }}
        EOT
      }

      # The cluster's TLS credentials (docs/operations.md, "Secrets"), rewritten in place when the
      # variable changes: the node reads them again within 5 minutes, without a restart.
      template {
        destination = "secrets/tls/tls.key"
        change_mode = "noop"
        perms       = "0600"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_scheduler_key }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/tls.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_scheduler_cert }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/ca.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_ca }}{{ end }}
        EOT
      }

      env {
        AUTOGRADER_CLUSTER_HOSTNAME = "${NOMAD_IP_cluster}"
        AUTOGRADER_TLS_DIR = "${NOMAD_SECRETS_DIR}/tls"
        AUTOGRADER_CLUSTER_PORT     = "${NOMAD_PORT_cluster}"
        AUTOGRADER_HTTP_PORT        = "${NOMAD_PORT_http}"
      }

      resources {
        cpu    = 2000
        memory = 2048
      }
    }
  }
}
