namespace AssemblyToProcess.FSharp

open System
open System.Runtime.CompilerServices

// The tests find the shapes by convention (Tests/Infrastructure/ShapeCatalog.cs): a module with Run n, whose result
// must be the same woven and unwoven, and, where the shape can loop or recurse without end, Forever progress.

module ForAndWhileLoops =
    let Run (n: int) : int64 =
        let mutable sum = 0L
        for i in 0 .. n - 1 do
            sum <- sum + int64 (i * 3)
        for i in n .. -2 .. 0 do
            sum <- sum - int64 i
        let mutable value = int64 n + 1L
        while value <> 1L do
            value <- if value % 2L = 0L then value / 2L else 3L * value + 1L
            sum <- sum + 1L
        for item in [| 1 .. n % 50 |] do
            sum <- sum + int64 item
        sum

    let Forever (progress: StrongBox<int64>) : unit =
        while true do
            progress.Value <- progress.Value + 1L

module ExceptionHandling =
    let Run (n: int) : int64 =
        let mutable sum = 0L
        for i in 0 .. n - 1 do
            try
                try
                    if i % 3 = 0 then invalidArg "i" "multiple of three"
                    if i % 5 = 0 then failwith "multiple of five"
                    sum <- sum + int64 i
                with
                | :? ArgumentException -> sum <- sum + 100L
                | Failure message when message.EndsWith "five" -> sum <- sum + 1000L
            finally
                sum <- sum ^^^ 1L
        sum

    let Forever (progress: StrongBox<int64>) : unit =
        try
            while true do
                try
                    progress.Value <- progress.Value + 1L
                with :? InvalidOperationException ->
                    progress.Value <- -1L
        finally
            progress.Value <- progress.Value + 1L

type Shape =
    | Circle of radius: int
    | Square of side: int
    | Rectangle of width: int * height: int
    | Triangle of a: int * b: int * c: int
    | Point

module PatternMatching =
    let private area shape =
        match shape with
        | Circle r -> 3L * int64 r * int64 r
        | Square s -> int64 s * int64 s
        | Rectangle (w, h) -> int64 w * int64 h
        | Triangle (a, b, c) -> int64 (a + b + c)
        | Point -> 0L

    let Run (n: int) : int64 =
        let mutable sum = 0L
        for i in 0 .. n - 1 do
            let shape =
                match i % 5 with
                | 0 -> Circle i
                | 1 -> Square i
                | 2 -> Rectangle (i, i + 1)
                | 3 -> Triangle (i, 2, 3)
                | _ -> Point
            sum <- sum + area shape
        sum
