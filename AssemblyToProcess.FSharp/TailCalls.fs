namespace AssemblyToProcess.FSharp

open System.Runtime.CompilerServices

/// Mutual recursion in tail position: F# emits tail.-prefixed calls, so it runs in constant stack space and never
/// reaches a loop, only the entry checkpoints of the functions it calls.
module MutualTailRecursion =
    let rec private isEven (n: int) : bool = if n = 0 then true else isOdd (n - 1)
    and private isOdd (n: int) : bool = if n = 0 then false else isEven (n - 1)

    let rec private ping (progress: StrongBox<int64>) : unit =
        progress.Value <- progress.Value + 1L
        pong progress
    and private pong (progress: StrongBox<int64>) : unit =
        progress.Value <- progress.Value + 1L
        ping progress

    /// Deep enough to overflow the stack without tail calls.
    let Run (n: int) : int64 = if isEven (n * 1000) then 1L else 0L

    let Forever (progress: StrongBox<int64>) : unit = ping progress

/// Self-recursion in tail position: F# turns it into a branch back to the start of the method.
module SelfTailRecursion =
    let rec private sumTo (acc: int64) (i: int) (n: int) : int64 =
        if i > n then acc else sumTo (acc + int64 i) (i + 1) n

    let rec private spin (progress: StrongBox<int64>) : unit =
        progress.Value <- progress.Value + 1L
        spin progress

    let Run (n: int) : int64 = sumTo 0L 0 n

    let Forever (progress: StrongBox<int64>) : unit = spin progress

/// Tail calls through a function value: tail. callvirt of FSharpFunc.Invoke. The helpers are not inlined, so that
/// the calls stay calls instead of becoming loops.
module TailCallThroughClosure =
    [<MethodImpl(MethodImplOptions.NoInlining)>]
    let private applyTo (f: int64 -> int64) (value: int64) : int64 = f value

    let rec private apply (f: int64 -> int64) (times: int) (value: int64) : int64 =
        if times = 0 then value else apply f (times - 1) (applyTo f value)

    [<MethodImpl(MethodImplOptions.NoInlining)>]
    let private bounce (next: StrongBox<int64> -> int64) (progress: StrongBox<int64>) : int64 =
        progress.Value <- progress.Value + 1L
        next progress

    let rec private forever (progress: StrongBox<int64>) : int64 = bounce forever progress

    let Run (n: int) : int64 = apply (fun v -> (v * 3L + int64 n) % 1000003L) (n * 10) 1L

    let Forever (progress: StrongBox<int64>) : unit = forever progress |> ignore
