package watch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are watch's Prometheus metrics, on a registry of their own.
type Metrics struct {
	reg                                          *prometheus.Registry
	stuck, inGrace, errorCmds, errorFailover     prometheus.Gauge
	errorGrowth, unparseable, stalePending, last prometheus.Gauge
	duration                                     prometheus.Histogram
	checkErrors                                  prometheus.Counter
	repairs                                      *prometheus.CounterVec

	mu       sync.Mutex
	healthy  bool
	lastErr  string
	lastDone time.Time
}

// NewMetrics registers the metrics (and the Go runtime's, so memory can be
// watched over days).
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		m.reg.MustRegister(g)
		return g
	}
	m.stuck = gauge("dsmigrate_stuck_failover_instances", "Instances at FAILOVER (18) with no pending failover command for longer than the grace period.")
	m.inGrace = gauge("dsmigrate_failover_instances_in_grace", "Instances at FAILOVER (18) with no pending failover command, still within the grace period.")
	m.errorCmds = gauge("dsmigrate_error_commands", "Rows in t_ds_error_command.")
	m.errorFailover = gauge("dsmigrate_error_failover_commands", "Failover commands (command_type 2) in t_ds_error_command.")
	m.errorGrowth = gauge("dsmigrate_error_commands_growth", "Rows t_ds_error_command gained since the previous check.")
	m.unparseable = gauge("dsmigrate_unparseable_params", "Instance and command params written since the previous check that a 3.3 master cannot parse.")
	m.stalePending = gauge("dsmigrate_stale_pending_commands", "Pending commands in t_ds_command older than the grace period.")
	m.last = gauge("dsmigrate_last_check_success_timestamp_seconds", "Unix time of the last check that completed.")
	m.duration = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "dsmigrate_check_duration_seconds",
		Help: "Duration of a check round.", Buckets: prometheus.ExponentialBuckets(0.01, 4, 8)})
	m.checkErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "dsmigrate_check_errors_total",
		Help: "Check rounds that failed (lost connection, database down, query error)."})
	m.repairs = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dsmigrate_repairs_total",
		Help: "Stuck instances --repair handled, by result."}, []string{"result"})
	for _, r := range []string{RepairApplied, RepairRefused, RepairLocked, RepairLiveMaster, RepairFailed} {
		m.repairs.WithLabelValues(r)
	}
	m.reg.MustRegister(m.duration, m.checkErrors, m.repairs,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe records a completed round.
func (m *Metrics) observe(r *Round) {
	m.stuck.Set(float64(r.StuckFailover))
	m.inGrace.Set(float64(r.InGrace))
	m.errorCmds.Set(float64(r.ErrorCommands))
	m.errorFailover.Set(float64(r.ErrorFailover))
	m.errorGrowth.Set(float64(r.ErrorGrowth))
	m.unparseable.Set(float64(r.Unparseable))
	m.stalePending.Set(float64(r.StalePending))
	m.duration.Observe(r.Duration.Seconds())
	m.last.SetToCurrentTime()
	if o := r.Repair; o != nil {
		m.repairs.WithLabelValues(RepairApplied).Add(float64(len(o.Repaired)))
		m.repairs.WithLabelValues(RepairRefused).Add(float64(len(o.Refused)))
		m.repairs.WithLabelValues(RepairLiveMaster).Add(float64(len(o.Guarded)))
		switch o.Result {
		case RepairLocked:
			m.repairs.WithLabelValues(RepairLocked).Add(float64(len(r.Candidates)))
		case RepairFailed:
			m.repairs.WithLabelValues(RepairFailed).Add(float64(len(r.Candidates)))
		}
	}
	m.mu.Lock()
	m.healthy, m.lastErr, m.lastDone = true, "", time.Now()
	m.mu.Unlock()
}

// Failed records a round, or a connection attempt, that could not complete.
func (m *Metrics) Failed(err error) {
	m.checkErrors.Inc()
	m.mu.Lock()
	m.healthy, m.lastErr = false, err.Error()
	m.mu.Unlock()
}

// Handler serves /metrics and /healthz: 200 while the last round completed,
// 503 (with the error) while checks fail, e.g. the database is down.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		m.mu.Lock()
		healthy, lastErr, done := m.healthy, m.lastErr, m.lastDone
		m.mu.Unlock()
		switch {
		case healthy:
			fmt.Fprintf(w, "ok: last check %s\n", done.UTC().Format(time.RFC3339))
		case lastErr == "":
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "starting: no check completed yet")
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "failing: %s\n", lastErr)
		}
	})
	return mux
}

// Serve listens on addr until ctx ends. The listener is opened before it
// returns, so a bad address is reported at once.
func (m *Metrics) Serve(ctx context.Context, addr string) (net.Addr, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		done <- err
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	return ln.Addr(), done, nil
}
