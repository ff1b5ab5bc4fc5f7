package dsn

import (
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// Target is a parsed DSN of either engine.
type Target struct {
	Dialect  string          // "mysql" or "postgres": the dialect package to use
	MySQL    *mysql.Config   // set when Dialect is "mysql"
	Postgres *pgx.ConnConfig // set when Dialect is "postgres"
}

// ParseTarget reads a DSN of any accepted form and says which engine it is for.
func ParseTarget(s string) (*Target, error) {
	if IsPostgres(s) {
		cfg, err := ParsePostgres(s)
		if err != nil {
			return nil, err
		}
		return &Target{Dialect: "postgres", Postgres: cfg}, nil
	}
	cfg, err := Parse(s)
	if err != nil {
		return nil, err
	}
	return &Target{Dialect: "mysql", MySQL: cfg}, nil
}

// Display renders the target for humans, never the password.
func (t *Target) Display() string {
	if t.Postgres != nil {
		return DisplayPostgres(t.Postgres)
	}
	return Display(t.MySQL)
}

// Database is the database the DSN names ("" when none).
func (t *Target) Database() string {
	if t.Postgres != nil {
		return t.Postgres.Database
	}
	return t.MySQL.DBName
}

// Scrub removes the target's password from an error message.
func (t *Target) Scrub(err error) error {
	if t.Postgres != nil {
		return ScrubPassword(err, t.Postgres.Password)
	}
	return Scrub(err, t.MySQL)
}
