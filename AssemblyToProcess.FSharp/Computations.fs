namespace AssemblyToProcess.FSharp

open System.Runtime.CompilerServices
open System.Threading.Tasks

module Sequences =
    let private multiples (n: int) =
        seq {
            for i in 0 .. n - 1 do
                if i % 3 = 0 then yield int64 i
                elif i % 7 = 0 then yield -(int64 i)
            try
                yield 1000L
            finally
                ()
        }

    let private search (progress: StrongBox<int64>) =
        seq {
            while true do
                progress.Value <- progress.Value + 1L
                if progress.Value < 0L then yield progress.Value
        }

    let Run (n: int) : int64 = Seq.sum (multiples n)

    /// The sequence's own loop never yields, so only its checkpoint can stop it.
    let Forever (progress: StrongBox<int64>) : unit = search progress |> Seq.iter ignore

/// task { } compiles to a resumable state machine (a struct with MoveNext) when optimizing.
module Tasks =
    let private sumAsync (n: int) : Task<int64> =
        task {
            let mutable sum = 0L
            for i in 0 .. n - 1 do
                if i % 16 = 0 then
                    let! doubled = Task.Run(fun () -> i * 2).ConfigureAwait(false)
                    sum <- sum + int64 doubled
                sum <- sum + int64 (i % 5)
            return sum
        }

    let private spinAsync (progress: StrongBox<int64>) : Task =
        task {
            while true do
                progress.Value <- progress.Value + 1L
                if progress.Value % 256L = 0L then
                    do! Task.Run(fun () -> ()).ConfigureAwait(false)
        }

    let Run (n: int) : int64 = (sumAsync n).GetAwaiter().GetResult()

    let Forever (progress: StrongBox<int64>) : unit = (spinAsync progress).GetAwaiter().GetResult()

module AsyncWorkflows =
    let private sumAsync (n: int) : Async<int64> =
        async {
            let mutable sum = 0L
            for i in 0 .. n - 1 do
                if i % 16 = 0 then do! Async.SwitchToThreadPool()
                sum <- sum + int64 (i % 7)
            return sum
        }

    let Run (n: int) : int64 = Async.RunSynchronously (sumAsync n)
