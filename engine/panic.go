package engine

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/saasapi/saasapi/rest"
)

// Panic is a panic recovered in one of the engine's goroutines (pages
// fetched ahead, requests sent concurrently), where no recover of the
// program's could reach it and it would end the process. It travels to the
// goroutine that waits for the result, which panics again with it: the
// recover where the program called in (the driver's, the SQLite
// bridges') then turns it into saasapi.ErrInternal, with the stack of its
// origin.
type Panic struct {
	// Value is what was passed to panic.
	Value any
	// Stack is the stack of the goroutine that panicked.
	Stack []byte
}

// Error describes the panic.
func (p *Panic) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// protect runs f, turning a panic into a *Panic error.
func protect[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Panic{Value: r, Stack: debug.Stack()}
		}
	}()
	return f()
}

// rethrow panics again with a *Panic received from a goroutine; other
// errors it returns.
func rethrow(err error) error {
	if p, ok := err.(*Panic); ok {
		panic(p)
	}
	var rp *rest.PanicError
	if errors.As(err, &rp) {
		panic(&Panic{Value: rp.Value, Stack: rp.Stack})
	}
	return err
}
