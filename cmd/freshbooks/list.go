package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// listOptions are the flags of a resource's list.
type listOptions struct {
	filters  []string
	sort     string
	includes []string
	page     int
	perPage  int
	all      bool
}

func (a *app) listCommand(r freshbooks.Resource) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List " + r.Name,
		Long: fmt.Sprintf(`List %s, one page (--page, --per-page) or every page (--all, streamed:
memory stays flat however many there are).%s`, r.Name, filterHelp(r)),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.list(cmd.Context(), r, o) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.filters, "filter", nil, "keep the records matching `key=value` (repeatable; key_min, key_max and key_like for ranges and text)")
	f.StringVar(&o.sort, "sort", "", "sort by this `key`; -key sorts descending"+choices(r.Sorts))
	f.StringSliceVar(&o.includes, "include", nil, "related data to add, comma-separated"+choices(r.Includes))
	f.IntVar(&o.page, "page", 1, "the page to list, from 1")
	f.IntVar(&o.perPage, "per-page", 0, fmt.Sprintf("records per page, at most %d (default: FreshBooks', or %d with --all)", freshbooks.MaxPerPage, freshbooks.MaxPerPage))
	f.BoolVar(&o.all, "all", false, "list every page")
	return cmd
}

// filterHelp lists a resource's filters for its list's help.
func filterHelp(r freshbooks.Resource) string {
	if len(r.Filters) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\nFilters (--filter key=value):\n")
	for _, f := range r.Filters {
		fmt.Fprintf(&b, "  %-22s %s\n", strings.Join(f.Keys(), ", "), f.Doc)
	}
	return strings.TrimRight(b.String(), "\n")
}

// queryOptions turns the flags into the library's query options; a key
// or value the resource does not accept is a usage error.
func queryOptions(r freshbooks.Resource, o listOptions) ([]freshbooks.QueryOption, error) {
	if o.page < 1 {
		return nil, usagef("bad --page %d: pages count from 1", o.page)
	}
	if o.perPage < 0 || o.perPage > freshbooks.MaxPerPage {
		return nil, usagef("bad --per-page %d: from 1 to %d", o.perPage, freshbooks.MaxPerPage)
	}
	var opts []freshbooks.QueryOption
	for _, kv := range o.filters {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return nil, usagef("bad --filter %q: use key=value", kv)
		}
		opt, err := parseFilter(r, key, value)
		if err != nil {
			return nil, err
		}
		opts = append(opts, opt)
	}
	if o.sort != "" {
		key, desc := strings.CutPrefix(o.sort, "-")
		if !slices.Contains(r.Sorts, key) {
			return nil, usagef("%s cannot be sorted by %q; %s", r.Name, key, validList("sort keys", r.Sorts))
		}
		if desc {
			opts = append(opts, freshbooks.SortDesc(key))
		} else {
			opts = append(opts, freshbooks.SortAsc(key))
		}
	}
	inc, err := includeOptions(r, o.includes)
	if err != nil {
		return nil, err
	}
	opts = append(opts, inc...)
	if o.perPage > 0 {
		opts = append(opts, freshbooks.PerPage(o.perPage))
	}
	if !o.all {
		opts = append(opts, freshbooks.OnPage(o.page))
	}
	return opts, nil
}

// includeOptions checks --include against the resource's includes.
func includeOptions(r freshbooks.Resource, names []string) ([]freshbooks.QueryOption, error) {
	if len(names) == 0 {
		return nil, nil
	}
	for _, n := range names {
		if !slices.Contains(r.Includes, n) {
			return nil, usagef("%s has no include %q; %s", r.Name, n, validList("includes", r.Includes))
		}
	}
	return []freshbooks.QueryOption{freshbooks.Include(names...)}, nil
}

// validList names the valid choices, or says there are none.
func validList(what string, valid []string) string {
	if len(valid) == 0 {
		return "it has no " + what
	}
	return "the " + what + " are: " + strings.Join(valid, ", ")
}

// parseFilter turns one --filter into a query option through the
// library's Resource.ParseFilter; a key or value it refuses is a usage
// error.
func parseFilter(r freshbooks.Resource, key, value string) (freshbooks.QueryOption, error) {
	opt, err := r.ParseFilter(key, value)
	if err != nil {
		return nil, usagef("%v", strings.TrimPrefix(err.Error(), "freshbooks: "))
	}
	return opt, nil
}

func (a *app) list(ctx context.Context, r freshbooks.Resource, o listOptions) error {
	opts, err := queryOptions(r, o)
	if err != nil {
		return err
	}
	s, err := a.recordsOf(ctx, r)
	if err != nil {
		return err
	}
	w := a.records(tableColumns(r.Name))
	if !o.all {
		page, err := s.List(ctx, opts...)
		if err != nil {
			return err
		}
		for _, rec := range page.Items {
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		if page.Pages > 1 && a.format() == formatTable {
			a.notef("page %d of %d (%d %s); --page N for more, --all for every one\n", page.Page, page.Pages, page.Total, r.Name)
		}
		return w.Close()
	}
	bar, err := a.progress(ctx, s, opts, o.perPage)
	if err != nil {
		return err
	}
	for rec, err := range s.All(ctx, opts...) {
		if err != nil {
			return err
		}
		if err := w.Write(rec); err != nil {
			return err
		}
		bar.add()
	}
	bar.finish()
	return w.Close()
}

// listing is the progress bar of an --all listing; its zero value (no
// terminal, -q, or a one-page list) shows nothing.
type listing struct {
	bar            *progressbar.ProgressBar
	name           string
	perPage, pages int
	done           int
}

// progress returns the progress bar of an --all listing: shown when
// standard error is a terminal and the listing spans pages, with the
// total FreshBooks reports, which one small request asks for.
func (a *app) progress(ctx context.Context, s *freshbooks.RecordsService, opts []freshbooks.QueryOption, perPage int) (*listing, error) {
	if !a.stderrTTY || a.flags.quiet || a.flags.dryRun {
		return &listing{}, nil
	}
	first, err := s.List(ctx, append(slices.Clone(opts), freshbooks.PerPage(1))...)
	if err != nil {
		return nil, err
	}
	perPage = cmp.Or(perPage, freshbooks.MaxPerPage)
	pages := (first.Total + perPage - 1) / perPage
	if pages < 2 {
		return &listing{}, nil
	}
	name := s.Resource().Name
	bar := progressbar.NewOptions(first.Total,
		progressbar.OptionSetWriter(a.stderr),
		progressbar.OptionSetDescription(fmt.Sprintf("%s page 1/%d", name, pages)),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("records"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(65*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(a.stderr) }),
	)
	return &listing{bar: bar, name: name, perPage: perPage, pages: pages}, nil
}

func (l *listing) add() {
	if l.bar == nil {
		return
	}
	l.done++
	if l.done%l.perPage == 0 && l.done/l.perPage < l.pages {
		l.bar.Describe(fmt.Sprintf("%s page %d/%d", l.name, l.done/l.perPage+1, l.pages))
	}
	_ = l.bar.Add(1)
}

func (l *listing) finish() {
	if l.bar != nil {
		_ = l.bar.Finish()
	}
}
